import { describe, expect, it } from "vitest";
import {
  InvalidPhoneNumberError,
  InvalidSipUriError,
  ParticipantNotFoundError,
  RoomNotFoundError,
  normalizePhoneNumber,
  quoted,
} from "../src/index.js";

/** No lone surrogate (String.prototype.isWellFormed, which the repository's TypeScript lib lacks). */
const wellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe("how a refusal quotes what the caller sent", () => {
  it("never quotes half a character: a lone surrogate or a control character is shown as U+XXXX", () => {
    expect(quoted("+1555\uD800")).toBe("'+1555U+D800'");
    expect(quoted("a\uDC00b")).toBe("'aU+DC00b'");
    expect(wellFormed("a\uDC00b")).toBe(false);
    expect(quoted("line\nbreak\u0007")).toBe("'lineU+000AbreakU+0007'");
    // Line separators and bidirectional controls would print a message otherwise than it is.
    expect(quoted("a\u2028b\u202Ecd\u2066")).toBe("'aU+2028bU+202EcdU+2066'");
    // A whole character outside the BMP stays itself.
    expect(quoted("call-😀")).toBe("'call-😀'");
  });

  it("cuts a long value at 80 characters, between characters", () => {
    const emoji = "😀".repeat(100);
    const shown = quoted(emoji);
    expect(shown).toBe(`'${"😀".repeat(80)}…'`);
    expect(wellFormed(shown)).toBe(true);
  });

  it("every message about a caller's value is well-formed text on one line", () => {
    const lone = "room\uD83D";
    const messages = [
      new InvalidPhoneNumberError(`+1555${"\uDFFF"}`, "x").message,
      new InvalidSipUriError(`sip:${lone}@example.com`, "x").message,
      new RoomNotFoundError(lone).message,
      new ParticipantNotFoundError(lone, lone, "missing").message,
    ];
    let thrown: unknown;
    try {
      normalizePhoneNumber("+1555123\uD800");
    } catch (error) {
      thrown = error;
    }
    messages.push((thrown as Error).message);
    for (const message of messages) {
      expect(wellFormed(message), message).toBe(true);
      expect(message).not.toMatch(/[\n\r]/);
    }
    expect((thrown as Error).message).toContain("U+D800");
  });
});
