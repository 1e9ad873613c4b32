/** The environment as read: variable names to values. */
export type Env = Record<string, string | undefined>;

/** A setting's list: items separated by commas and/or spaces. */
export const list = (raw: string) => raw.split(/[\s,]+/).filter(Boolean);

/** Every problem with the environment, reported at once so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/**
 * Readers of the environment's variables: each returns the value or its fallback, and adds a
 * problem naming the variable when the value is wrong (so every problem is reported at once).
 */
export function envReader(env: Env, problems: string[]) {
  const value = (name: string) => {
    const raw = env[name]?.trim();
    return raw === "" ? undefined : raw;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
      return fallback;
    }
    return Number(raw);
  };
  const boolean = (name: string, fallback: boolean) => {
    const raw = value(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if (["true", "1", "yes", "on"].includes(raw)) return true;
    if (["false", "0", "no", "off"].includes(raw)) return false;
    problems.push(`${name} must be true or false, got '${env[name]}'`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = value(name)?.toLowerCase();
    if (raw === undefined) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(", ")}, got '${env[name]}'`);
    return fallback;
  };

  return { value, integer, boolean, oneOf };
}

/** What `envReader` returns. */
export type EnvReader = ReturnType<typeof envReader>;
