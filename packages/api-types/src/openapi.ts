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
         *     empty fields (400 `INVALID_REQUEST`); phone number format (400 `INVALID_PHONE_NUMBER`);
         *     LiveKit configured (500 `LIVEKIT_NOT_CONFIGURED`); room access (404 `ROOM_NOT_FOUND`);
         *     participant exists and is a SIP participant (404 `PARTICIPANT_NOT_FOUND`); the transfer.
         *
         *     Room access is controlled by room metadata: when the caller is authenticated (has an
         *     `auth.id`), the room's metadata must be a JSON object whose `auth_id` equals it. A room of
         *     another tenant answers exactly like a missing room. Anonymous callers may use any room.
         *
         *     LiveKit's transfer call returns only when the transfer has ended, which can take 30 seconds
         *     or more. The server waits a short window (`TRANSFER_WAIT_MS`, default 2 s): if LiveKit
         *     reports success in that window the answer is `completed`; if the transfer is still running
         *     the answer is `initiated` and the transfer continues in the background.
         */
        post: operations["transferSipParticipant"];
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
         * @description Answers 200 while the process serves requests. Never needs a token.
         */
        get: operations["getHealth"];
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
         * @description The OpenAPI document the server validates against. Never needs a token.
         */
        get: operations["getOpenApiSpec"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
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
             *     An optional `tel:` prefix and the separators space, `-`, `.`, `(` and `)` are accepted.
             * @example +15551234567
             */
            transfer_to: string;
        };
        /**
         * @description Response for a successful SIP transfer initiation. A successful response with status
         *     `initiated` indicates the transfer has been initiated, not that it has completed; the
         *     actual transfer may take several seconds.
         */
        TransferResponse: {
            status: components["schemas"]["TransferStatus"];
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
             * @description The normalized phone number with tel prefix
             * @example tel:+15551234567
             */
            transfer_to: string;
        };
        /**
         * @description `initiated`: LiveKit accepted the transfer and it is still running.
         *     `completed`: LiveKit reported the transfer successful within the server's wait window.
         * @enum {string}
         */
        TransferStatus: "initiated" | "completed";
        HealthResponse: {
            /** @enum {string} */
            status: "ok";
        };
        /**
         * @description Machine-readable error code.
         *     - `INVALID_REQUEST` (400): body not JSON, not an object, missing, empty or mistyped field, unknown field
         *     - `INVALID_PHONE_NUMBER` (400): `transfer_to` is not a phone number
         *     - `UNAUTHORIZED` (401): no or wrong token where one is needed
         *     - `ROOM_NOT_FOUND` (404): room missing or not accessible to the caller
         *     - `PARTICIPANT_NOT_FOUND` (404): participant missing, or not a SIP participant
         *     - `NOT_FOUND` (404): no such route
         *     - `METHOD_NOT_ALLOWED` (405): the route does not accept this method
         *     - `PAYLOAD_TOO_LARGE` (413): body over the limit (16 KiB)
         *     - `UNSUPPORTED_MEDIA_TYPE` (415): body sent with a content type other than JSON
         *     - `LIVEKIT_NOT_CONFIGURED` (500): the LiveKit variables are not set on the server
         *     - `LIVEKIT_UNAVAILABLE` (500): LiveKit unreachable or failing during the lookups
         *     - `TRANSFER_FAILED` (500): LiveKit's transfer failed
         *     - `INTERNAL_ERROR` (500): an unexpected server error
         * @enum {string}
         */
        ErrorCode: "INVALID_REQUEST" | "INVALID_PHONE_NUMBER" | "UNAUTHORIZED" | "ROOM_NOT_FOUND" | "PARTICIPANT_NOT_FOUND" | "NOT_FOUND" | "METHOD_NOT_ALLOWED" | "PAYLOAD_TOO_LARGE" | "UNSUPPORTED_MEDIA_TYPE" | "LIVEKIT_NOT_CONFIGURED" | "LIVEKIT_UNAVAILABLE" | "TRANSFER_FAILED" | "INTERNAL_ERROR";
        /** @description Extra facts about an error, when there are any. */
        ErrorDetails: {
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
            /** @description What is wrong with the request, one entry per problem. */
            issues?: components["schemas"]["RequestIssue"][];
        };
        RequestIssue: {
            /**
             * @description Where in the request the problem is (e.g. `/body/room_name`).
             * @example /body/room_name
             */
            path?: string;
            /**
             * @description What is wrong.
             * @example must NOT have fewer than 1 characters
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
    };
    responses: {
        /** @description Invalid request body or phone number format. */
        BadRequest: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
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
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description Room not found or not accessible, or participant not found or not a SIP participant. */
        NotFound: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body is larger than 16 KiB. */
        PayloadTooLarge: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description The request body was sent with a content type other than `application/json`. */
        UnsupportedMediaType: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
        /** @description LiveKit not configured or unavailable, or the transfer failed. */
        ServerError: {
            headers: {
                "X-Request-Id": components["headers"]["RequestId"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["Error"];
            };
        };
    };
    parameters: never;
    requestBodies: never;
    headers: {
        /**
         * @description Identifies the request in the server's logs. Echoes a well-formed `X-Request-Id` sent by
         *     the caller, otherwise a new UUID.
         */
        RequestId: string;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    transferSipParticipant: {
        parameters: {
            query?: never;
            header?: never;
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
             * @description Transfer initiated (or already completed). `initiated` means LiveKit accepted the
             *     request and the transfer is still running; `completed` means LiveKit reported success
             *     within the server's wait window.
             */
            200: {
                headers: {
                    "X-Request-Id": components["headers"]["RequestId"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TransferResponse"];
                };
            };
            400: components["responses"]["BadRequest"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            500: components["responses"]["ServerError"];
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
                    "application/yaml": string;
                };
            };
        };
    };
}
