/**
 * Generated from spec/openapi.yaml by openapi-typescript. Do not edit by hand:
 * change the spec, then run `pnpm generate`.
 */

export interface paths {
    "/sip/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer a SIP call to another number
         * @description Initiates a SIP REFER transfer for a participant in a LiveKit room. The transfer moves an
         *     ongoing SIP call to a different phone number.
         *
         *     Checks run in this order, and the first failure answers: authentication; body shape and
         *     empty fields (400 `INVALID_REQUEST`); phone number or SIP URI format (400
         *     `INVALID_PHONE_NUMBER`); options (400 `INVALID_REQUEST`); the destination policy (403
         *     `DESTINATION_NOT_ALLOWED`); `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
         *     `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`); participant exists and is a
         *     SIP participant (404 `PARTICIPANT_NOT_FOUND`); one transfer per participant (409
         *     `TRANSFER_IN_PROGRESS`); the transfer.
         *
         *     Room access is controlled by room metadata: when the caller is authenticated (has an
         *     `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
         *     another tenant answers exactly like a missing room. Anonymous callers may use any room.
         *
         *     LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
         *     or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
         *     reports success in that window the answer is `completed`; if the transfer is still running
         *     the answer is `initiated`, the transfer continues in the background, and its record
         *     (`Location`) tells how it ended.
         *
         *     One transfer per participant at a time: while one is `initiated`, the same request (same
         *     room, participant and destination) answers 200 with that running transfer and sends no
         *     second REFER; another destination answers 409 `TRANSFER_IN_PROGRESS`.
         */
        post: operations["transferSipParticipant"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/transfers/{transfer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One transfer's record
         * @description The transfer's record: its status and, once it has ended, how. A transfer of another
         *     tenant answers exactly like an unknown id (404 `TRANSFER_NOT_FOUND`).
         */
        get: operations["getTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's transfers, newest first
         * @description The caller's transfers (its tenant's, or the anonymous ones), newest first, filtered by
         *     the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
         *     `null` on the last page. A page may hold fewer than `limit` transfers when filters skip
         *     many records; keep following `next_cursor` until it is `null`.
         */
        get: operations["listTransfers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/warm-transfers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The caller's warm transfers, newest first
         * @description The caller's warm transfers (its tenant's, or the anonymous ones), newest first, filtered by
         *     the query. Pages are linked by `next_cursor`: pass it as `cursor` for the next page; it is
         *     `null` on the last page. A page may hold fewer than `limit` warm transfers when filters skip
         *     many records; keep following `next_cursor` until it is `null`.
         */
        get: operations["listWarmTransfers"];
        put?: never;
        /**
         * Start a warm (attended) transfer to a supervisor
         * @description Starts a warm transfer of a SIP caller in a LiveKit room: the caller is put on hold (they
         *     hear nothing and are not heard), and a supervisor is dialled through the outbound SIP trunk
         *     into the caller's own room, where the agent can brief them. Then
         *     `POST /sip/warm-transfers/{warm_transfer_id}/complete` connects the caller and the
         *     supervisor (the agent named by `agent_identity`, if any, is removed from the room), or
         *     `POST /sip/warm-transfers/{warm_transfer_id}/cancel` ends the supervisor's leg and takes
         *     the caller off hold, back with the agent. It works on open-source LiveKit (no
         *     `MoveParticipant`); LiveKit must run with `room.enable_remote_unmute: true`.
         *
         *     Checks run in this order, and the first failure answers: authentication; body shape and
         *     empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`; a
         *     SIP URI answers this too); the destination policy (403 `DESTINATION_NOT_ALLOWED`);
         *     `Idempotency-Key` replay or conflict (422, 409); LiveKit configured (500
         *     `LIVEKIT_NOT_CONFIGURED`); an outbound SIP trunk configured (500
         *     `SIP_TRUNK_NOT_CONFIGURED`: set `SIP_OUTBOUND_TRUNK_ID`); room access (404
         *     `ROOM_NOT_FOUND`); participant exists and is a SIP participant (404
         *     `PARTICIPANT_NOT_FOUND`); one transfer per participant (409 `TRANSFER_IN_PROGRESS`); LiveKit
         *     lets the server unmute the caller afterwards (500 `LIVEKIT_REMOTE_UNMUTE_DISABLED`: LiveKit
         *     runs without `room.enable_remote_unmute`, and nothing was changed); the hold and the dial.
         *
         *     Room access is controlled by room metadata: when the caller is authenticated (has an
         *     `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
         *     another tenant answers exactly like a missing room. Anonymous callers may use any room.
         *
         *     One transfer per participant at a time: while a cold transfer (`POST /sip/transfer`) or a
         *     warm transfer of the participant is running (`dialing` or `consulting`), a new warm
         *     transfer answers 409 `TRANSFER_IN_PROGRESS`; `details` names the caller's own running one
         *     (`transfer_id` or `warm_transfer_id`). Warm transfers count against the same per-tenant
         *     transfer limit as cold ones (429).
         *
         *     The dial runs in the background: the answer is 201 `dialing` as soon as the caller is on
         *     hold and the supervisor is being dialled, and the record (`Location`) tells when the
         *     supervisor answered (`consulting`) or why the transfer failed (`error.reason`: the
         *     supervisor was busy, declined or did not answer, LiveKit refused the hold, the caller hung
         *     up, …). A transfer that fails always takes the caller off hold again (unless they hung up).
         *
         *     With an `Idempotency-Key`, the same key with the same body answers the first 201 again, with
         *     `Idempotent-Replayed: true`, and dials no second time; the same key with another body
         *     answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
         *     answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only a 201 is kept: a refused request (4xx,
         *     500, 503) does not use the key up.
         */
        post: operations["startWarmTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/warm-transfers/{warm_transfer_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One warm transfer's record
         * @description The warm transfer's record: its status, when the supervisor answered and, once it has
         *     ended, how. A warm transfer of another tenant answers exactly like an unknown id (404
         *     `WARM_TRANSFER_NOT_FOUND`).
         */
        get: operations["getWarmTransfer"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/warm-transfers/{warm_transfer_id}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Complete a warm transfer (connect the caller and the supervisor)
         * @description Connects the caller and the supervisor: the caller is taken off hold, and the two hear each
         *     other; the agent named by `agent_identity`, if any, is removed from the room (it is not
         *     removed when none was named). No request body.
         *
         *     Only a warm transfer that is `consulting` (the supervisor answered) can be completed; any
         *     other status answers 409 `WARM_TRANSFER_NOT_CONSULTING` with the record's current status in
         *     `details.status` (`completed` when it was already completed). A warm transfer of another
         *     tenant answers exactly like an unknown id (404 `WARM_TRANSFER_NOT_FOUND`).
         *
         *     When LiveKit fails while connecting the two (500 `LIVEKIT_UNAVAILABLE`), the record stays
         *     `consulting` and the call may be retried.
         */
        post: operations["completeWarmTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/sip/warm-transfers/{warm_transfer_id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a warm transfer (end the supervisor's leg, restore the caller)
         * @description Ends the supervisor's leg (a SIP CANCEL while their phone rings, a BYE once they answered)
         *     and takes the caller off hold: the caller and the agent hear each other again. No request
         *     body.
         *
         *     A warm transfer that is `dialing` or `consulting` can be cancelled. One already `cancelled`
         *     answers 200 with its record, so a cancel is safe to retry; one that is `completed` or
         *     `failed` answers 409 `WARM_TRANSFER_ENDED` with its status in `details.status`. A warm
         *     transfer of another tenant answers exactly like an unknown id (404
         *     `WARM_TRANSFER_NOT_FOUND`).
         *
         *     When LiveKit fails while removing the supervisor's leg or restoring the caller (500
         *     `LIVEKIT_UNAVAILABLE`), the record keeps its status and the call may be retried.
         */
        post: operations["cancelWarmTransfer"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness check
         * @description Answers 200 while the process serves requests. Never needs a token; query parameters
         *     (a load balancer's probe marker) are ignored.
         */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Liveness check, headers only
         * @description Like `GET /health`, without a body (load balancers send HEAD). Never needs a token.
         */
        head: operations["headHealth"];
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness check
         * @description Answers 200 when this replica can transfer calls: the transfer store answers and takes a
         *     small write, and LiveKit answers (each checked with a 2 s timeout); otherwise 503
         *     `NOT_READY` naming what is down. `checks.warnings` names risks that do not stop transfers
         *     (a Redis that may evict keys).
         *     `GET /health` says only that the process is alive. Never needs a token; query parameters
         *     are ignored. The answer is reused for `READY_CACHE_MS` (2 s by default) and probes that
         *     arrive while a check runs share it, so probes never multiply calls to LiveKit or the store.
         */
        get: operations["getReady"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * Readiness check, headers only
         * @description Like `GET /ready`, without a body. Never needs a token.
         */
        head: operations["headReady"];
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Metrics in Prometheus' text format: `sip_transfer_http_request_duration_seconds` (by
         *     method, route, status), `sip_transfer_transfers_total` (by outcome),
         *     `sip_transfer_transfers_in_flight`, `sip_transfer_livekit_request_duration_seconds` (by
         *     method, outcome), `sip_transfer_webhook_attempts_total` (by outcome),
         *     `sip_transfer_webhooks_in_flight`, and the process's own (`sip_transfer_process_*`,
         *     `sip_transfer_nodejs_*`). No label names a tenant, room or number. When the server has a
         *     `METRICS_TOKEN`, send it as `Authorization: Bearer <token>`; tenants' tokens do not open it.
         */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API reference page
         * @description This contract as a readable page (Redoc), served with its script from this server alone (no
         *     CDN; a Content-Security-Policy keeps it so). Never needs a token.
         */
        get: operations["getDocs"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A script of the API reference page
         * @description The page's scripts (`redoc.standalone.js`, `init.js`). Never needs a token; any other name is
         *     not found (404), or, where tokens are required and none valid is sent, refused like any
         *     unknown route (401, then 429 after too many).
         */
        get: operations["getDocsAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Transfers console page
         * @description A page for operators: the transfers of the tenant whose API key is typed into it (kept in
         *     the browser tab's `sessionStorage` only), newest first, with filters, live updates and each
         *     record's outcome, SIP status and webhook state. The page holds no data and never needs a
         *     token; its data comes from `GET /sip/transfers` and `GET /sip/transfers/{transfer_id}` with
         *     the key. Served with its files from this server alone (a Content-Security-Policy of
         *     `default-src 'self'`).
         */
        get: operations["getConsole"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/console/{asset}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A file of the transfers console
         * @description The console's script and style sheet (`console.js`, `console.css`). Never needs a token; any
         *     other name is not found (404), or, where tokens are required and none valid is sent, refused
         *     like any unknown route (401, then 429 after too many).
         */
        get: operations["getConsoleAsset"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This contract
         * @description The OpenAPI document the server validates against. Never needs a token; query parameters are ignored.
         */
        get: operations["getOpenApiSpec"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * This contract, headers only
         * @description Like `GET /openapi.yaml`, without a body. Never needs a token.
         */
        head: operations["headOpenApiSpec"];
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This contract, as JSON
         * @description The same document as `GET /openapi.yaml`, as JSON. Never needs a token; query parameters are ignored.
         */
        get: operations["getOpenApiJson"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        /**
         * This contract as JSON, headers only
         * @description Like `GET /openapi.json`, without a body. Never needs a token.
         */
        head: operations["headOpenApiJson"];
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "transfer.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A transfer ended completed
         * @description Sent to the tenant's `webhook_url` (anonymous transfers: `WEBHOOK_URL`) once the transfer
         *     ended, signed per Standard Webhooks with its `webhook_secret`. Verify it with the client's
         *     `verifyWebhook(rawBody, headers, secret)` or any Standard Webhooks library, and answer 2xx
         *     within 10 s; anything else (redirects too) is retried.
         */
        post: operations["transferCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transfer.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A transfer ended failed
         * @description Sent to the tenant's `webhook_url` (anonymous transfers: `WEBHOOK_URL`) once the transfer
         *     ended, signed per Standard Webhooks with its `webhook_secret`. Verify it with the client's
         *     `verifyWebhook(rawBody, headers, secret)` or any Standard Webhooks library, and answer 2xx
         *     within 10 s; anything else (redirects too) is retried.
         */
        post: operations["transferFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "transfer.unknown": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A transfer ended unknown
         * @description Sent to the tenant's `webhook_url` (anonymous transfers: `WEBHOOK_URL`) once the transfer
         *     ended, signed per Standard Webhooks with its `webhook_secret`. Verify it with the client's
         *     `verifyWebhook(rawBody, headers, secret)` or any Standard Webhooks library, and answer 2xx
         *     within 10 s; anything else (redirects too) is retried.
         */
        post: operations["transferUnknown"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "warm_transfer.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A warm transfer ended completed
         * @description Sent like the `transfer.*` webhooks (to the tenant's `webhook_url`, anonymous ones to
         *     `WEBHOOK_URL`, signed per Standard Webhooks) once the warm transfer ended. `webhook-id` is
         *     `msg_` + its `warm_transfer_id`, the same on every attempt. Answer 2xx within 10 s; anything
         *     else is retried.
         */
        post: operations["warmTransferCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "warm_transfer.cancelled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A warm transfer ended cancelled
         * @description Sent like the `transfer.*` webhooks (to the tenant's `webhook_url`, anonymous ones to
         *     `WEBHOOK_URL`, signed per Standard Webhooks) once the warm transfer ended. `webhook-id` is
         *     `msg_` + its `warm_transfer_id`, the same on every attempt. Answer 2xx within 10 s; anything
         *     else is retried.
         */
        post: operations["warmTransferCancelled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "warm_transfer.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A warm transfer ended failed
         * @description Sent like the `transfer.*` webhooks (to the tenant's `webhook_url`, anonymous ones to
         *     `WEBHOOK_URL`, signed per Standard Webhooks) once the warm transfer ended. `webhook-id` is
         *     `msg_` + its `warm_transfer_id`, the same on every attempt. Answer 2xx within 10 s; anything
         *     else is retried.
         */
        post: operations["warmTransferFailed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        /** @description Request body for initiating a SIP call transfer */
        TransferRequest: {
            /**
             * @description The LiveKit room name where the SIP participant is connected
             * @example call-room-123
             */
            room_name: string;
            /**
             * @description The identity of the SIP participant to transfer. This can be obtained by listing
             *     participants in the room via LiveKit API.
             * @example sip_participant_456
             */
            participant_identity: string;
            /**
             * @description The phone number to transfer the call to. Supports international format
             *     (+1234567890), national format (07123456789), or internal extensions (1234).
             *     An optional `tel:` prefix and the separators space, `-`, `.`, `(` and `)` are accepted;
             *     only ASCII digits, and no `tel:` parameters (`;ext=`, `;phone-context=`, …).
             *     Digits without `+`: up to `TRANSFER_MAX_EXTENSION_DIGITS` (default 6) are an internal
             *     extension; a longer run is a national number. With `PHONE_DEFAULT_REGION` set, a
             *     national number of that region (also dialled with its international prefix, `00`/`011`)
             *     is sent as E.164 and checked by country and number type. Without it, its country and
             *     type cannot be told: it is refused (403, `reason: unclassified`) while a country list
             *     or a number-type block is on, and the default blocks premium rate. This departs from
             *     the original API, which passed national numbers through: a trunk may dial such digits
             *     as any national or international number, so passing them unchecked would let a caller
             *     around the destination policy (toll fraud).
             *     Or a SIP URI, `sip:user@host[:port]` or `sips:…` (no parameters or headers), to a domain
             *     the server allows (`TRANSFER_SIP_DOMAINS` or the tenant's `sip_domains`).
             * @example +15551234567
             */
            transfer_to: string;
            /**
             * @description How long the destination may ring, in seconds (LiveKit's default is 30).
             * @example 45
             */
            ringing_timeout?: number;
            /** @description Play a dial tone to the caller while the destination rings. */
            play_dialtone?: boolean;
            /**
             * @description SIP headers LiveKit adds to the REFER: at most 16, names `X-` followed by letters, digits
             *     or `-`, values at most 256 printable ASCII characters (no CR, LF or NUL).
             * @example {
             *       "X-Case-Id": "4711"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
        };
        /**
         * @description The transfer's id (opaque, URL-safe, 128 random bits).
         * @example tr_9q3NcK2xYb7Lm4Pz0aW1eQ
         */
        TransferId: string;
        /**
         * @description Response for a successful SIP transfer initiation. A successful response with status
         *     `initiated` indicates the transfer has been initiated, not that it has completed; the
         *     actual transfer may take several seconds. Its record tells how it ended.
         */
        TransferResponse: {
            transfer_id: components["schemas"]["TransferId"];
            /**
             * @description `initiated`: LiveKit accepted the transfer and it is still running.
             *     `completed`: LiveKit reported the transfer successful within the server's wait window.
             *     `unknown`: LiveKit's call ended without an outcome (e.g. its own timeout); the REFER may
             *     still have succeeded.
             * @enum {string}
             */
            status: "initiated" | "completed" | "unknown";
            /**
             * @description The room name where the transfer was initiated
             * @example call-room-123
             */
            room_name: string;
            /**
             * @description The identity of the participant being transferred
             * @example sip_participant_456
             */
            participant_identity: string;
            /**
             * @description The normalized phone number with tel prefix, or the SIP URI
             * @example tel:+15551234567
             */
            transfer_to: string;
        };
        /**
         * @description `initiated`: LiveKit accepted the transfer and it is still running.
         *     `completed`: LiveKit reported the transfer successful.
         *     `failed`: LiveKit reported the transfer failed (`error` says why).
         *     `unknown`: LiveKit never reported the outcome: its call timed out or was cut off, it
         *     reported that the REFER got no answer (its SIP transaction ended without a final
         *     response), it answered something that is not an answer, or the server stopped first. The
         *     REFER may still have succeeded; a timeout is never reported as `failed`.
         * @enum {string}
         */
        TransferStatus: "initiated" | "completed" | "failed" | "unknown";
        /** @description A transfer's record. */
        Transfer: {
            transfer_id: components["schemas"]["TransferId"];
            status: components["schemas"]["TransferStatus"];
            room_name: string;
            participant_identity: string;
            transfer_to: string;
            /**
             * Format: date-time
             * @description When the transfer was sent to LiveKit (RFC 3339, UTC).
             */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the outcome was known; absent while `initiated`.
             */
            ended_at?: string;
            error?: components["schemas"]["TransferOutcomeError"];
            /** @description The `X-Request-Id` of the request that started the transfer. */
            request_id: string;
            webhook?: components["schemas"]["TransferWebhook"];
        };
        /**
         * @description Where the `transfer.*` webhook of this transfer stands; present when the tenant (or, for
         *     anonymous transfers, the server) has a webhook configured. `pending` while the transfer
         *     runs and while attempts are left; `delivered` once the receiver answered 2xx; `failed` after
         *     `WEBHOOK_MAX_ATTEMPTS` attempts without a 2xx (an attempt cut off by a server stop does not
         *     count), or when its tenant had no webhook configured for `TRANSFER_RETENTION_S` after the
         *     transfer ended (while none is configured it stays `pending` and is not attempted). Never part
         *     of a webhook's own `data`.
         */
        TransferWebhook: {
            /** @enum {string} */
            status: "pending" | "delivered" | "failed";
            /** @description Attempts made so far. */
            attempts: number;
        };
        /** @description Why a transfer is `failed` or `unknown`. */
        TransferOutcomeError: {
            /**
             * @description `TRANSFER_FAILED`: LiveKit reported the transfer failed.
             *     `CALL_NOT_ACTIVE`: LiveKit refused: the call is not established.
             *     `TRANSFER_IN_PROGRESS`: LiveKit refused: the call is already being transferred elsewhere.
             *     `OUTCOME_UNKNOWN`: LiveKit never reported the outcome.
             * @enum {string}
             */
            code: "TRANSFER_FAILED" | "CALL_NOT_ACTIVE" | "TRANSFER_IN_PROGRESS" | "OUTCOME_UNKNOWN";
            message: string;
            sip_status_code?: number;
            sip_status?: string;
        };
        TransferList: {
            transfers: components["schemas"]["Transfer"][];
            /** @description Pass as `cursor` for the next page; `null` on the last page. */
            next_cursor: string | null;
        };
        /**
         * @description A transfer ended `completed`: LiveKit reported the REFER accepted. Every webhook body has
         *     this shape: `type` is `transfer.` + the status the transfer ended with, `timestamp` when it
         *     ended, `data` its record as it ended (as `GET /sip/transfers/{transfer_id}` shows it, without
         *     `webhook`); the body is the same bytes on every attempt.
         */
        TransferCompletedEvent: {
            /** @constant */
            type: "transfer.completed";
            /**
             * Format: date-time
             * @description When the transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["Transfer"];
        };
        /** @description `transfer.failed`: `data.status` is `failed` and `data.error` says why (with the SIP status when LiveKit gave one). */
        TransferFailedEvent: {
            /** @constant */
            type: "transfer.failed";
            /**
             * Format: date-time
             * @description When the transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["Transfer"];
        };
        /** @description `transfer.unknown`: LiveKit never reported the outcome (`data.error.code` `OUTCOME_UNKNOWN`); the REFER may still have succeeded. */
        TransferUnknownEvent: {
            /** @constant */
            type: "transfer.unknown";
            /**
             * Format: date-time
             * @description When the transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["Transfer"];
        };
        /** @description `warm_transfer.completed`: caller and supervisor were connected; `data.status` is `completed`. */
        WarmTransferCompletedEvent: {
            /** @constant */
            type: "warm_transfer.completed";
            /**
             * Format: date-time
             * @description When the warm transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["WarmTransfer"];
        };
        /** @description `warm_transfer.cancelled`: the supervisor's leg was ended and the caller taken off hold; `data.status` is `cancelled`. */
        WarmTransferCancelledEvent: {
            /** @constant */
            type: "warm_transfer.cancelled";
            /**
             * Format: date-time
             * @description When the warm transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["WarmTransfer"];
        };
        /** @description `warm_transfer.failed`: `data.status` is `failed` and `data.error.reason` says why; the caller was taken off hold (or had hung up). */
        WarmTransferFailedEvent: {
            /** @constant */
            type: "warm_transfer.failed";
            /**
             * Format: date-time
             * @description When the warm transfer ended (its `ended_at`).
             */
            timestamp: string;
            data: components["schemas"]["WarmTransfer"];
        };
        /** @description Request body for starting a warm (attended) transfer */
        WarmTransferRequest: {
            /**
             * @description The LiveKit room name where the SIP participant (the caller) is connected
             * @example call-room-123
             */
            room_name: string;
            /**
             * @description The identity of the SIP participant to transfer (the caller, who is put on hold). This
             *     can be obtained by listing participants in the room via LiveKit API.
             * @example sip_participant_456
             */
            participant_identity: string;
            /**
             * @description The supervisor's phone number, dialled through the outbound SIP trunk
             *     (`SIP_OUTBOUND_TRUNK_ID`). Supports international format (+1234567890), national
             *     format (07123456789), or internal extensions (1234), read exactly as
             *     `POST /sip/transfer` reads them: an optional `tel:` prefix and the separators space,
             *     `-`, `.`, `(` and `)` are accepted; only ASCII digits, and no `tel:` parameters.
             *     Digits without `+`: up to `TRANSFER_MAX_EXTENSION_DIGITS` (default 6) are an internal
             *     extension; a longer run is a national number, sent as E.164 and checked by country and
             *     number type when `PHONE_DEFAULT_REGION` is set, refused (403, `reason: unclassified`)
             *     without it while a country list or a number-type block is on. The same destination
             *     policy applies (403). A SIP URI (`sip:`, `sips:`) answers 400 `INVALID_PHONE_NUMBER`:
             *     the host is the outbound trunk's.
             * @example +15559876543
             */
            transfer_to: string;
            /**
             * @description How long the supervisor's phone may ring, in seconds, before the warm transfer fails (`no_answer`); 30 when absent.
             * @example 20
             */
            ringing_timeout?: number;
            /**
             * @description SIP headers LiveKit adds to the INVITE sent to the supervisor: at most 16, names `X-`
             *     followed by letters, digits or `-`, values at most 256 printable ASCII characters (no
             *     CR, LF or NUL).
             * @example {
             *       "X-Case-Id": "4711"
             *     }
             */
            headers?: {
                [key: string]: string;
            };
            /**
             * @description The identity of the agent's participant in the room (who briefs the supervisor). When the
             *     warm transfer completes it is removed from the room, leaving the caller with the
             *     supervisor; without it, nobody is removed.
             * @example agent_alice
             */
            agent_identity?: string;
        };
        /**
         * @description The warm transfer's id (opaque, URL-safe, 128 random bits).
         * @example wt_4fQ2mX9cLp7Rz1Kd8NvB3w
         */
        WarmTransferId: string;
        /**
         * @description Response for a started warm transfer. It is always `dialing`: the caller is on hold and the
         *     supervisor is being dialled in the background. Its record tells when the supervisor
         *     answered (`consulting`) or why the warm transfer failed.
         */
        WarmTransferResponse: {
            warm_transfer_id: components["schemas"]["WarmTransferId"];
            /**
             * @description `dialing`: the caller is on hold and the supervisor's phone is being dialled.
             * @enum {string}
             */
            status: "dialing";
            /**
             * @description The room name of the caller, into which the supervisor is dialled
             * @example call-room-123
             */
            room_name: string;
            /**
             * @description The identity of the participant being transferred (the caller)
             * @example sip_participant_456
             */
            participant_identity: string;
            /**
             * @description The supervisor's normalized phone number with tel prefix
             * @example tel:+15559876543
             */
            transfer_to: string;
            /**
             * @description The participant identity of the supervisor's leg in the room
             * @example consult_wt_4fQ2mX9cLp7Rz1Kd8NvB3w
             */
            consult_identity: string;
        };
        /**
         * @description `dialing`: the caller is on hold and the supervisor's phone is ringing.
         *     `consulting`: the supervisor answered; the agent and the supervisor talk while the caller is
         *     on hold.
         *     `completed`: the caller and the supervisor are connected (the agent, if named, was removed
         *     from the room).
         *     `cancelled`: the supervisor's leg was ended and the caller taken off hold, back with the
         *     agent.
         *     `failed`: the warm transfer ended without completing (`error` says why); the caller was
         *     taken off hold, or had hung up.
         * @enum {string}
         */
        WarmTransferStatus: "dialing" | "consulting" | "completed" | "cancelled" | "failed";
        /** @description A warm transfer's record. */
        WarmTransfer: {
            warm_transfer_id: components["schemas"]["WarmTransferId"];
            status: components["schemas"]["WarmTransferStatus"];
            room_name: string;
            /** @description The caller's identity. */
            participant_identity: string;
            /** @description The supervisor's normalized phone number with tel prefix. */
            transfer_to: string;
            /** @description The participant identity of the supervisor's leg in the room. */
            consult_identity: string;
            /** @description The agent's identity, removed from the room on completion; absent when none was named. */
            agent_identity?: string;
            /**
             * Format: date-time
             * @description When the warm transfer was started (RFC 3339, UTC).
             */
            created_at: string;
            /** Format: date-time */
            updated_at: string;
            /**
             * Format: date-time
             * @description When the supervisor answered; absent until then (and when they never did).
             */
            answered_at?: string;
            /**
             * Format: date-time
             * @description When it completed, was cancelled or failed; absent while `dialing` or `consulting`.
             */
            ended_at?: string;
            error?: components["schemas"]["WarmTransferError"];
            /** @description The `X-Request-Id` of the request that started the warm transfer. */
            request_id: string;
        };
        /** @description Why a warm transfer is `failed`. */
        WarmTransferError: {
            /**
             * @description `WARM_TRANSFER_FAILED`: the warm transfer ended without completing (`reason` says why).
             * @enum {string}
             */
            code: "WARM_TRANSFER_FAILED";
            /**
             * @description `busy`: the supervisor's phone was busy (SIP 486, 600).
             *     `declined`: the supervisor declined (SIP 603, 607, 608).
             *     `no_answer`: the supervisor's phone rang until `ringing_timeout`.
             *     `unavailable`: the supervisor could not be reached (another SIP 4xx or 6xx, such as 404
             *     or 480), or LiveKit's answer to the dial was lost.
             *     `trunk_failure`: the outbound trunk failed (SIP 5xx, no response from the trunk, or the
             *     trunk is unknown to LiveKit).
             *     `supervisor_left`: the supervisor hung up during the consult.
             *     `caller_left`: the caller hung up.
             *     `hold_failed`: LiveKit refused to put the caller on hold; the caller was restored.
             *     `expired`: the record passed its deadline (the server restarted or its replica died
             *     mid-transfer, or the consult outlasted `WARM_TRANSFER_CONSULT_TIMEOUT_S`), and whoever
             *     noticed restored the caller.
             * @enum {string}
             */
            reason: "busy" | "declined" | "no_answer" | "unavailable" | "trunk_failure" | "supervisor_left" | "caller_left" | "hold_failed" | "expired";
            message: string;
            /** @description The SIP status code of the supervisor's leg, when there was one (e.g. 486, 603). */
            sip_status_code?: number;
            /** @description The SIP reason phrase of the supervisor's leg, when there was one. */
            sip_status?: string;
        };
        WarmTransferList: {
            warm_transfers: components["schemas"]["WarmTransfer"][];
            /** @description Pass as `cursor` for the next page; `null` on the last page. */
            next_cursor: string | null;
        };
        /** @description An OpenAPI 3.1 document (this one). */
        OpenApiDocument: {
            openapi: string;
            info: Record<string, never>;
        };
        /**
         * @description Each dependency: `ok`, `down` (did not answer within 2 s, or failed), or for LiveKit
         *     `not_configured` (the LiveKit variables are not set). The store is `ok` only when a small
         *     write lands (a probe row in SQLite, a probe key in Redis): a read-only or full SQLite file,
         *     or a Redis that refuses writes, is `down`.
         */
        ReadinessChecks: {
            /** @enum {string} */
            store: "ok" | "down";
            /** @enum {string} */
            livekit: "ok" | "down" | "not_configured";
            /**
             * @description Risks that do not make this replica unready, present only when there are some: a
             *     Redis whose `maxmemory-policy` is not `noeviction` may evict transfer records and
             *     Idempotency-Keys when it is full; a `SIP_OUTBOUND_TRUNK_ID` that LiveKit does not know
             *     (warm transfers would fail).
             * @example [
             *       "Redis maxmemory-policy is allkeys-lru, not noeviction: when Redis reaches maxmemory it may evict transfer records, participant locks and Idempotency-Keys without a word (set maxmemory-policy noeviction)"
             *     ]
             */
            warnings?: string[];
        };
        ReadyResponse: {
            /** @enum {string} */
            status: "ready";
            checks: components["schemas"]["ReadinessChecks"];
        };
        HealthResponse: {
            /** @enum {string} */
            status: "ok";
        };
        /**
         * @description Machine-readable error code, with the one HTTP status it is sent with.
         *     - `INVALID_REQUEST` (400): body not JSON, not an object, missing, empty or mistyped field, unknown field; a bad query or header
         *     - `INVALID_PHONE_NUMBER` (400): `transfer_to` is not a phone number (nor a well-formed SIP URI)
         *     - `UNAUTHORIZED` (401): no or wrong token where one is needed
         *     - `DESTINATION_NOT_ALLOWED` (403): the destination policy refuses `transfer_to` (`details.reason`)
         *     - `ROOM_NOT_FOUND` (404): room missing or not accessible to the caller
         *     - `PARTICIPANT_NOT_FOUND` (404): participant missing, or not a SIP participant
         *     - `TRANSFER_NOT_FOUND` (404): no transfer with that id for this caller
         *     - `WARM_TRANSFER_NOT_FOUND` (404): no warm transfer with that id for this caller
         *     - `NOT_FOUND` (404): no such route
         *     - `METHOD_NOT_ALLOWED` (405): the route does not accept this method
         *     - `TRANSFER_IN_PROGRESS` (409): a cold or warm transfer of the participant is already running
         *     - `CALL_NOT_ACTIVE` (409): LiveKit refused: the call is not established
         *     - `IDEMPOTENCY_KEY_IN_USE` (409): a request with this `Idempotency-Key` is still being answered
         *     - `WARM_TRANSFER_NOT_CONSULTING` (409): the warm transfer cannot be completed: it is not `consulting` (`details.status`)
         *     - `WARM_TRANSFER_ENDED` (409): the warm transfer cannot be cancelled: it is `completed` or `failed` (`details.status`)
         *     - `PAYLOAD_TOO_LARGE` (413): body over the limit (16 KiB)
         *     - `UNSUPPORTED_MEDIA_TYPE` (415): body sent with a content type other than JSON
         *     - `IDEMPOTENCY_KEY_REUSED` (422): this `Idempotency-Key` was used with another body
         *     - `RATE_LIMITED` (429): too many failed authentications from this client address, or too many transfers for this tenant
         *     - `LIVEKIT_NOT_CONFIGURED` (500): the LiveKit variables are not set on the server
         *     - `LIVEKIT_UNAVAILABLE` (500): LiveKit unreachable or failing during the lookups, or while completing or cancelling a warm transfer
         *     - `SIP_TRUNK_NOT_CONFIGURED` (500): no outbound SIP trunk for warm transfers (`SIP_OUTBOUND_TRUNK_ID` is not set)
         *     - `LIVEKIT_REMOTE_UNMUTE_DISABLED` (500): LiveKit runs without `room.enable_remote_unmute`, so a caller put on hold could not be restored; nothing was changed
         *     - `TRANSFER_FAILED` (500): LiveKit's transfer failed
         *     - `INTERNAL_ERROR` (500): an unexpected server error (a store error that is not an outage, e.g. unreadable data, is one)
         *     - `STORE_UNAVAILABLE` (503): the transfer store did not answer in time or cannot write now (down, stalled, locked, full, read-only); nothing was sent to LiveKit, retry
         *     - `NOT_READY` (503): `GET /ready`: the store or LiveKit is down or not configured (`details.checks`)
         * @enum {string}
         */
        ErrorCode: "INVALID_REQUEST" | "INVALID_PHONE_NUMBER" | "UNAUTHORIZED" | "DESTINATION_NOT_ALLOWED" | "ROOM_NOT_FOUND" | "PARTICIPANT_NOT_FOUND" | "TRANSFER_NOT_FOUND" | "WARM_TRANSFER_NOT_FOUND" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "TRANSFER_IN_PROGRESS" | "CALL_NOT_ACTIVE" | "IDEMPOTENCY_KEY_IN_USE" | "WARM_TRANSFER_NOT_CONSULTING" | "WARM_TRANSFER_ENDED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "IDEMPOTENCY_KEY_REUSED" | "RATE_LIMITED" | "LIVEKIT_NOT_CONFIGURED" | "LIVEKIT_UNAVAILABLE" | "SIP_TRUNK_NOT_CONFIGURED" | "LIVEKIT_REMOTE_UNMUTE_DISABLED" | "TRANSFER_FAILED" | "INTERNAL_ERROR" | "STORE_UNAVAILABLE" | "NOT_READY";
        /** @description Extra facts about an error, when there are any. */
        ErrorDetails: {
            transfer_id?: components["schemas"]["TransferId"];
            warm_transfer_id?: components["schemas"]["WarmTransferId"];
            /** @description The warm transfer's current status (with `WARM_TRANSFER_NOT_CONSULTING` and `WARM_TRANSFER_ENDED`). */
            status?: components["schemas"]["WarmTransferStatus"];
            /**
             * @description The SIP status code LiveKit reported for a failed transfer (e.g. 486, 603).
             * @example 603
             */
            sip_status_code?: number;
            /**
             * @description The SIP reason phrase or status LiveKit reported for a failed transfer.
             * @example Decline
             */
            sip_status?: string;
            /**
             * @description Why the destination policy refused `transfer_to` (with `DESTINATION_NOT_ALLOWED`):
             *     `country` (not an allowed country, or a calling code of no country), `number_type`
             *     (e.g. premium rate, told by the number's range even when it is not a valid number),
             *     `extension` (internal extensions not allowed), `sip_domain` (not an allowed SIP
             *     domain), `unclassified` (a national number whose country and type cannot be told
             *     without `PHONE_DEFAULT_REGION`, while a country or number-type rule is on).
             * @enum {string}
             */
            reason?: "country" | "number_type" | "extension" | "sip_domain" | "unclassified";
            /** @description What is wrong with the request, one entry per problem (the first 20). */
            issues?: components["schemas"]["RequestIssue"][];
            checks?: components["schemas"]["ReadinessChecks"];
            /** @description How many problems the request has, when there are more than `issues` lists. */
            issue_count?: number;
        };
        RequestIssue: {
            /**
             * @description Where in the request the problem is (e.g. `/body/room_name`); cut to 100 characters and `…`.
             * @example /body/room_name
             */
            path?: string;
            /**
             * @description What is wrong.
             * @example must not be empty
             */
            message: string;
        };
        /** @description The body of every error response. */
        Error: {
            /** @description A human-readable message. Never contains secrets. */
            error: string;
            code: components["schemas"]["ErrorCode"];
            details?: components["schemas"]["ErrorDetails"];
        };
        BadRequestError: {
            /** @enum {string} */
            code: "INVALID_REQUEST" | "INVALID_PHONE_NUMBER";
        } & WithRequired<components["schemas"]["Error"], "code">;
        InvalidQueryError: {
            /** @enum {string} */
            code: "INVALID_REQUEST";
        } & WithRequired<components["schemas"]["Error"], "code">;
        UnauthorizedError: {
            /** @enum {string} */
            code: "UNAUTHORIZED";
        } & WithRequired<components["schemas"]["Error"], "code">;
        DestinationNotAllowedError: {
            /** @enum {string} */
            code: "DESTINATION_NOT_ALLOWED";
            details: {
                reason: string;
            };
        } & WithRequired<components["schemas"]["Error"], "code" | "details">;
        RoomOrParticipantNotFoundError: {
            /** @enum {string} */
            code: "ROOM_NOT_FOUND" | "PARTICIPANT_NOT_FOUND";
        } & WithRequired<components["schemas"]["Error"], "code">;
        TransferNotFoundError: {
            /** @enum {string} */
            code: "TRANSFER_NOT_FOUND";
        } & WithRequired<components["schemas"]["Error"], "code">;
        ConflictError: {
            /** @enum {string} */
            code: "TRANSFER_IN_PROGRESS" | "CALL_NOT_ACTIVE" | "IDEMPOTENCY_KEY_IN_USE";
        } & WithRequired<components["schemas"]["Error"], "code">;
        PayloadTooLargeError: {
            /** @enum {string} */
            code: "PAYLOAD_TOO_LARGE";
        } & WithRequired<components["schemas"]["Error"], "code">;
        UnsupportedMediaTypeError: {
            /** @enum {string} */
            code: "UNSUPPORTED_MEDIA_TYPE";
        } & WithRequired<components["schemas"]["Error"], "code">;
        IdempotencyKeyReusedError: {
            /** @enum {string} */
            code: "IDEMPOTENCY_KEY_REUSED";
        } & WithRequired<components["schemas"]["Error"], "code">;
        RateLimitedError: {
            /** @enum {string} */
            code: "RATE_LIMITED";
        } & WithRequired<components["schemas"]["Error"], "code">;
        TransferServerErrorBody: {
            /** @enum {string} */
            code: "LIVEKIT_NOT_CONFIGURED" | "LIVEKIT_UNAVAILABLE" | "TRANSFER_FAILED" | "INTERNAL_ERROR";
        } & WithRequired<components["schemas"]["Error"], "code">;
        WarmTransferNotFoundError: {
            /** @enum {string} */
            code: "WARM_TRANSFER_NOT_FOUND";
        } & WithRequired<components["schemas"]["Error"], "code">;
        WarmTransferConflictError: {
            /** @enum {string} */
            code: "TRANSFER_IN_PROGRESS" | "IDEMPOTENCY_KEY_IN_USE";
        } & WithRequired<components["schemas"]["Error"], "code">;
        WarmTransferStateConflictError: {
            /** @enum {string} */
            code: "WARM_TRANSFER_NOT_CONSULTING" | "WARM_TRANSFER_ENDED";
            details: {
                status: string;
            };
        } & WithRequired<components["schemas"]["Error"], "code" | "details">;
        WarmTransferServerErrorBody: {
            /** @enum {string} */
            code: "LIVEKIT_NOT_CONFIGURED" | "LIVEKIT_UNAVAILABLE" | "SIP_TRUNK_NOT_CONFIGURED" | "LIVEKIT_REMOTE_UNMUTE_DISABLED" | "INTERNAL_ERROR";
        } & WithRequired<components["schemas"]["Error"], "code">;
        WarmTransferActionServerErrorBody: {
            /** @enum {string} */
            code: "LIVEKIT_NOT_CONFIGURED" | "LIVEKIT_UNAVAILABLE" | "LIVEKIT_REMOTE_UNMUTE_DISABLED" | "INTERNAL_ERROR";
        } & WithRequired<components["schemas"]["Error"], "code">;
        InternalErrorBody: {
            /** @enum {string} */
            code: "INTERNAL_ERROR";
        } & WithRequired<components["schemas"]["Error"], "code">;
        StoreUnavailableError: {
            /** @enum {string} */
            code: "STORE_UNAVAILABLE";
        } & WithRequired<components["schemas"]["Error"], "code">;
        RouteNotFoundError: {
            /** @enum {string} */
            code: "NOT_FOUND";
        } & WithRequired<components["schemas"]["Error"], "code">;
        NotReadyError: {
            /** @enum {string} */
            code: "NOT_READY";
        } & WithRequired<components["schemas"]["Error"], "code">;
    };
    responses: {
        /** @description Invalid request body, header or phone number format. */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["BadRequestError"];
            };
        };
        /** @description Invalid query parameter, cursor or path parameter. */
        InvalidQuery: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InvalidQueryError"];
            };
        };
        /** @description No token, or a wrong one, where one is needed. */
        Unauthorized: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description The authentication scheme to use. */
                "WWW-Authenticate"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["UnauthorizedError"];
            };
        };
        /**
         * @description The destination policy refuses `transfer_to` (countries, number types, extensions, SIP
         *     domains; set by the operator, per tenant). Nothing was sent to LiveKit.
         */
        DestinationNotAllowed: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["DestinationNotAllowedError"];
            };
        };
        /** @description Room not found or not accessible, or participant not found or not a SIP participant. */
        RoomOrParticipantNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RoomOrParticipantNotFoundError"];
            };
        };
        /** @description No transfer with that id for this caller (unknown, expired, or another tenant's). */
        TransferNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["TransferNotFoundError"];
            };
        };
        /**
         * @description The participant is already being transferred to another destination, LiveKit refused
         *     because the call is not established, or a request with this `Idempotency-Key` is still
         *     being answered. Safe to retry later.
         */
        Conflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Seconds to wait before retrying (sent with `IDEMPOTENCY_KEY_IN_USE`). */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ConflictError"];
            };
        };
        /** @description The request body is larger than 16 KiB. */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["PayloadTooLargeError"];
            };
        };
        /** @description The request body was sent with a content type other than `application/json`, or with a `Content-Encoding` other than `gzip`, `deflate`, `br` or `identity`. */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["UnsupportedMediaTypeError"];
            };
        };
        /** @description The `Idempotency-Key` was already used with another request body. */
        IdempotencyKeyReused: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["IdempotencyKeyReusedError"];
            };
        };
        /**
         * @description Too many failed authentications from this client address (`AUTH_FAILURE_LIMIT` per
         *     `AUTH_FAILURE_WINDOW_S`): every further request from it whose token is missing or wrong
         *     answers this until the window ends. A valid token is never refused by this limit.
         */
        RateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Seconds until this address may try to authenticate again. */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RateLimitedError"];
            };
        };
        /**
         * @description Too many transfers: this tenant (an anonymous caller: this client address) started
         *     `TRANSFER_RATE_LIMIT` transfers within `TRANSFER_RATE_WINDOW_S` (shared by all replicas on
         *     one Redis); or too many failed authentications from this address. Nothing was sent to
         *     LiveKit; retry after `Retry-After` seconds.
         */
        TransfersRateLimited: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Seconds until the limit lets requests through again. */
                "Retry-After"?: string;
                RateLimit: components["headers"]["RateLimit"];
                "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RateLimitedError"];
            };
        };
        /** @description LiveKit not configured or unavailable, or the transfer failed. */
        TransferServerError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["TransferServerErrorBody"];
            };
        };
        /** @description No warm transfer with that id for this caller (unknown, expired, or another tenant's). */
        WarmTransferNotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WarmTransferNotFoundError"];
            };
        };
        /**
         * @description A cold or warm transfer of the participant is already running, or a request with this
         *     `Idempotency-Key` is still being answered. Nothing was changed; safe to retry later.
         */
        WarmTransferConflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Seconds to wait before retrying (sent with `IDEMPOTENCY_KEY_IN_USE`). */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WarmTransferConflictError"];
            };
        };
        /**
         * @description The warm transfer's status does not allow this: only a `consulting` one can be completed,
         *     and a `completed` or `failed` one can no longer be cancelled. `details.status` is its
         *     current status. Nothing was changed.
         */
        WarmTransferStateConflict: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WarmTransferStateConflictError"];
            };
        };
        /**
         * @description LiveKit or the outbound SIP trunk not configured, LiveKit unavailable during the lookups, or
         *     LiveKit does not let the server unmute the caller after the hold: nothing was changed (the
         *     caller is not on hold and no one was dialled). LiveKit failing while it puts the caller on
         *     hold (`LIVEKIT_UNAVAILABLE`) is undone, and the record (in the list) ends `failed`,
         *     `hold_failed`. Or an unexpected server error.
         */
        WarmTransferServerError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WarmTransferServerErrorBody"];
            };
        };
        /**
         * @description LiveKit not configured, or LiveKit failed (or refused to unmute the caller) while completing
         *     or cancelling: the record keeps its status (a `consulting` one stays `consulting`) with the
         *     request's intent stored, and the call may be retried; the service's watch carries it out too.
         */
        WarmTransferActionServerError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["WarmTransferActionServerErrorBody"];
            };
        };
        /** @description An unexpected server error (details are in the server log under the request id). */
        InternalError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["InternalErrorBody"];
            };
        };
        /** @description No such route (or file). */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["RouteNotFoundError"];
            };
        };
        /** @description The store or LiveKit is down or not configured; `details.checks` says which. */
        NotReady: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["NotReadyError"];
            };
        };
        /**
         * @description The transfer store (SQLite or Redis) did not answer in time, or cannot write now (Redis down,
         *     stalled or refusing writes; the SQLite file locked, full or read-only). Nothing was sent to
         *     LiveKit; safe to retry. Only an outage answers this: a store error that is a bug is a 500
         *     `INTERNAL_ERROR`.
         */
        StoreUnavailable: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                /** @description Seconds to wait before retrying. */
                "Retry-After"?: string;
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["StoreUnavailableError"];
            };
        };
    };
    parameters: {
        /**
         * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
         *     is at least once).
         */
        WebhookId: string;
        /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
        WebhookTimestamp: string;
        /**
         * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
         *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
         *     several.
         */
        WebhookSignature: string;
        /**
         * @description Makes a retried `POST /sip/transfer` safe (IETF httpapi Idempotency-Key semantics): 1–255
         *     printable ASCII characters (a Structured Field string in double quotes is accepted too),
         *     chosen by the client per transfer and kept by the server for `IDEMPOTENCY_TTL_S`, per
         *     tenant. The same key with the same body answers the first answer again, with
         *     `Idempotent-Replayed: true`, and sends no second REFER; the same key with another body
         *     answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
         *     answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only answers from the transfer call are
         *     kept (200 and 500 `TRANSFER_FAILED`); a refused request (4xx, `LIVEKIT_UNAVAILABLE`,
         *     `STORE_UNAVAILABLE`) does not use the key up. A key never starts a second transfer: when
         *     its answer could not be stored (the store failed just then; it is retried in the
         *     background), a retry after the first request's lease (`TRANSFER_WAIT_MS` + 60 s) is
         *     answered from the transfer the key started, its record as it stands (200, or 500
         *     `TRANSFER_FAILED`), also with `Idempotent-Replayed: true`.
         */
        IdempotencyKey: string;
        /** @description The `warm_transfer_id` of `POST /sip/warm-transfers`. */
        WarmTransferIdPath: string;
    };
    requestBodies: never;
    headers: {
        /**
         * @description The transfer rate limit's state (IETF httpapi RateLimit headers, draft 8): `r` requests
         *     remaining, `t` seconds until the window resets, `pk` the partition (tenant) key's hash.
         *     Absent when `TRANSFER_RATE_LIMIT=0`.
         */
        RateLimit: string;
        /** @description The transfer rate limit (IETF httpapi RateLimit-Policy, draft 8), `q` requests per `w` seconds. */
        RateLimitPolicy: string;
        /**
         * @description Identifies the request in the server's logs. Echoes a well-formed `X-Request-Id` sent by
         *     the caller, otherwise a new UUID.
         */
        RequestId: string;
        /** @description Where the transfer's record is, `/sip/transfers/{transfer_id}`. */
        TransferLocation: string;
        /** @description Where the warm transfer's record is, `/sip/warm-transfers/{warm_transfer_id}`. */
        WarmTransferLocation: string;
        /** @description `true` when this answers an earlier request with the same `Idempotency-Key`: its stored answer, or (when that could not be stored) the record of the transfer it started. */
        IdempotentReplayed: "true";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    transferSipParticipant: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retried `POST /sip/transfer` safe (IETF httpapi Idempotency-Key semantics): 1–255
                 *     printable ASCII characters (a Structured Field string in double quotes is accepted too),
                 *     chosen by the client per transfer and kept by the server for `IDEMPOTENCY_TTL_S`, per
                 *     tenant. The same key with the same body answers the first answer again, with
                 *     `Idempotent-Replayed: true`, and sends no second REFER; the same key with another body
                 *     answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
                 *     answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only answers from the transfer call are
                 *     kept (200 and 500 `TRANSFER_FAILED`); a refused request (4xx, `LIVEKIT_UNAVAILABLE`,
                 *     `STORE_UNAVAILABLE`) does not use the key up. A key never starts a second transfer: when
                 *     its answer could not be stored (the store failed just then; it is retried in the
                 *     background), a retry after the first request's lease (`TRANSFER_WAIT_MS` + 60 s) is
                 *     answered from the transfer the key started, its record as it stands (200, or 500
                 *     `TRANSFER_FAILED`), also with `Idempotent-Replayed: true`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description Request body for initiating a SIP call transfer */
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferRequest"];
            };
        };
        responses: {
            /**
             * @description Transfer initiated (or already ended). `initiated` means LiveKit accepted the request
             *     and the transfer is still running; `completed` means LiveKit reported success within
             *     the server's wait window; `unknown` means LiveKit ended the call without saying how the
             *     transfer went (for example its own timeout). Follow `Location` for the outcome.
             */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    Location: components["headers"]["TransferLocation"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["DestinationNotAllowed"];
            404: components["responses"]["RoomOrParticipantNotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TransfersRateLimited"];
            500: components["responses"]["TransferServerError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `transfer_id` of `POST /sip/transfer`. */
                transfer_id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The record */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Transfer"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["TransferNotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listTransfers: {
        parameters: {
            query?: {
                /** @description Only transfers in this room. */
                room_name?: string;
                /** @description Only transfers of this participant. */
                participant_identity?: string;
                /** @description Only transfers with this status. */
                status?: components["schemas"]["TransferStatus"];
                /** @description At most this many transfers (1–100). */
                limit?: number;
                /**
                 * @description The `next_cursor` of the previous page, as it was handed out: it is opaque (its format
                 *     may change between versions), and anything else answers 400 `INVALID_REQUEST`.
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of transfers */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferList"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    listWarmTransfers: {
        parameters: {
            query?: {
                /** @description Only warm transfers in this room. */
                room_name?: string;
                /** @description Only warm transfers of this participant (the caller). */
                participant_identity?: string;
                /** @description Only warm transfers with this status. */
                status?: components["schemas"]["WarmTransferStatus"];
                /** @description At most this many warm transfers (1–100). */
                limit?: number;
                /**
                 * @description The `next_cursor` of the previous page, as it was handed out: it is opaque (its format
                 *     may change between versions), and anything else answers 400 `INVALID_REQUEST`.
                 */
                cursor?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of warm transfers */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WarmTransferList"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    startWarmTransfer: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a retried `POST /sip/transfer` safe (IETF httpapi Idempotency-Key semantics): 1–255
                 *     printable ASCII characters (a Structured Field string in double quotes is accepted too),
                 *     chosen by the client per transfer and kept by the server for `IDEMPOTENCY_TTL_S`, per
                 *     tenant. The same key with the same body answers the first answer again, with
                 *     `Idempotent-Replayed: true`, and sends no second REFER; the same key with another body
                 *     answers 422 `IDEMPOTENCY_KEY_REUSED`; the same key while the first request is still being
                 *     answered answers 409 `IDEMPOTENCY_KEY_IN_USE`. Only answers from the transfer call are
                 *     kept (200 and 500 `TRANSFER_FAILED`); a refused request (4xx, `LIVEKIT_UNAVAILABLE`,
                 *     `STORE_UNAVAILABLE`) does not use the key up. A key never starts a second transfer: when
                 *     its answer could not be stored (the store failed just then; it is retried in the
                 *     background), a retry after the first request's lease (`TRANSFER_WAIT_MS` + 60 s) is
                 *     answered from the transfer the key started, its record as it stands (200, or 500
                 *     `TRANSFER_FAILED`), also with `Idempotent-Replayed: true`.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        /** @description Request body for starting a warm transfer */
        requestBody: {
            content: {
                "application/json": components["schemas"]["WarmTransferRequest"];
            };
        };
        responses: {
            /**
             * @description Warm transfer started: the caller is on hold and the supervisor is being dialled
             *     (`dialing`). The dial runs in the background; follow `Location` to learn when the
             *     supervisor answered (`consulting`) or why it failed.
             */
            201: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    Location: components["headers"]["WarmTransferLocation"];
                    "Idempotent-Replayed": components["headers"]["IdempotentReplayed"];
                    RateLimit: components["headers"]["RateLimit"];
                    "RateLimit-Policy": components["headers"]["RateLimitPolicy"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WarmTransferResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["DestinationNotAllowed"];
            404: components["responses"]["RoomOrParticipantNotFound"];
            409: components["responses"]["WarmTransferConflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["IdempotencyKeyReused"];
            429: components["responses"]["TransfersRateLimited"];
            500: components["responses"]["WarmTransferServerError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getWarmTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `warm_transfer_id` of `POST /sip/warm-transfers`. */
                warm_transfer_id: components["parameters"]["WarmTransferIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The record */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WarmTransfer"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["WarmTransferNotFound"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["InternalError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    completeWarmTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `warm_transfer_id` of `POST /sip/warm-transfers`. */
                warm_transfer_id: components["parameters"]["WarmTransferIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Completed; the record as it stands now. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WarmTransfer"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["WarmTransferNotFound"];
            409: components["responses"]["WarmTransferStateConflict"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["WarmTransferActionServerError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    cancelWarmTransfer: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The `warm_transfer_id` of `POST /sip/warm-transfers`. */
                warm_transfer_id: components["parameters"]["WarmTransferIdPath"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Cancelled (now, or already before); the record as it stands now. */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WarmTransfer"];
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["WarmTransferNotFound"];
            409: components["responses"]["WarmTransferStateConflict"];
            429: components["responses"]["RateLimited"];
            500: components["responses"]["WarmTransferActionServerError"];
            503: components["responses"]["StoreUnavailable"];
        };
    };
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HealthResponse"];
                };
            };
        };
    };
    headHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The service is up */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to transfer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ReadyResponse"];
                };
            };
            503: components["responses"]["NotReady"];
        };
    };
    headReady: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to transfer */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not ready */
            503: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            401: components["responses"]["Unauthorized"];
        };
    };
    getDocs: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getDocsAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The script */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getConsole: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
        };
    };
    getConsoleAsset: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                asset: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The file */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "text/javascript": string;
                    "text/css": string;
                };
            };
            400: components["responses"]["InvalidQuery"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getOpenApiSpec: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document, as YAML */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": components["schemas"]["OpenApiDocument"];
                };
            };
        };
    };
    headOpenApiSpec: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document would be sent */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    getOpenApiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document, as JSON */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OpenApiDocument"];
                };
            };
        };
    };
    headOpenApiJson: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document would be sent */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    transferCompleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferCompletedEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    transferFailed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferFailedEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    transferUnknown: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["TransferUnknownEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    warmTransferCompleted: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WarmTransferCompletedEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    warmTransferCancelled: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WarmTransferCancelledEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    warmTransferFailed: {
        parameters: {
            query?: never;
            header: {
                /**
                 * @description The event's id, `msg_…`, the same on every attempt of one event: deduplicate on it (delivery
                 *     is at least once).
                 */
                "webhook-id": components["parameters"]["WebhookId"];
                /** @description When this attempt was signed, in seconds since the Unix epoch (refuse it when far from now). */
                "webhook-timestamp": components["parameters"]["WebhookTimestamp"];
                /**
                 * @description `v1,<base64 HMAC-SHA256>` of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the
                 *     base64-decoded part of the `whsec_…` secret (Standard Webhooks); space-separated when
                 *     several.
                 */
                "webhook-signature": components["parameters"]["WebhookSignature"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WarmTransferFailedEvent"];
            };
        };
        responses: {
            /** @description Received; the delivery is `delivered` and is not sent again. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not received; retried with backoff until `WEBHOOK_MAX_ATTEMPTS`. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
type WithRequired<T, K extends keyof T> = T & {
    [P in K]-?: T[P];
};
