import {
  DEFAULT_DESTINATION_POLICY,
  type DestinationPolicy,
  NUMBER_TYPES,
  type CountryCode,
  isSipDomainPattern,
  isSupportedRegion,
} from "@sip-transfer/domain";
import { list } from "./env-reader.js";

/** A tenant's overrides of the global destination policy, from its AUTH_API_SECRETS_JSON entry. */
export type DestinationOverrides = Partial<DestinationPolicy>;

/** The rules one value must follow, whatever it comes from (a variable or a tenant's entry). */
const rules = {
  countries(values: string[], where: string, problems: string[]): CountryCode[] {
    const codes = values.map((v) => v.trim().toUpperCase()).filter(Boolean);
    const bad = codes.filter((code) => !isSupportedRegion(code));
    if (bad.length > 0)
      problems.push(
        `${where}: ${bad.join(", ")} ${bad.length > 1 ? "are not" : "is not a"} two-letter country code${bad.length > 1 ? "s" : ""} (ISO 3166-1, e.g. US, GB)`,
      );
    return codes.filter(isSupportedRegion);
  },
  numberTypes(values: string[], where: string, problems: string[]): DestinationPolicy["blockedNumberTypes"] {
    const types = values.map((v) => v.trim().toUpperCase()).filter(Boolean);
    const known = new Set<string>(NUMBER_TYPES);
    const bad = types.filter((type) => !known.has(type));
    if (bad.length > 0) problems.push(`${where}: ${bad.join(", ")} not a number type; use ${NUMBER_TYPES.join(", ")}`);
    return types.filter((type) => known.has(type)) as DestinationPolicy["blockedNumberTypes"];
  },
  domains(values: string[], where: string, problems: string[]): string[] {
    const domains = values.map((v) => v.trim().toLowerCase()).filter(Boolean);
    const bad = domains.filter((domain) => !isSipDomainPattern(domain));
    if (bad.length > 0)
      problems.push(`${where}: ${bad.join(", ")} not a domain such as pbx.example.com or *.example.com`);
    return domains.filter(isSipDomainPattern);
  },
};

/** The global policy from TRANSFER_ALLOWED_COUNTRIES, TRANSFER_BLOCKED_NUMBER_TYPES, TRANSFER_ALLOW_EXTENSIONS, TRANSFER_SIP_DOMAINS. */
export function destinationPolicyFromEnv(
  value: (name: string) => string | undefined,
  allowExtensions: boolean,
  problems: string[],
): DestinationPolicy {
  const countries = value("TRANSFER_ALLOWED_COUNTRIES");
  const types = value("TRANSFER_BLOCKED_NUMBER_TYPES");
  const domains = value("TRANSFER_SIP_DOMAINS");
  return {
    ...(countries === undefined
      ? {}
      : { allowedCountries: rules.countries(list(countries), "TRANSFER_ALLOWED_COUNTRIES", problems) }),
    blockedNumberTypes:
      types === undefined
        ? DEFAULT_DESTINATION_POLICY.blockedNumberTypes
        : types.toLowerCase() === "none"
          ? []
          : rules.numberTypes(list(types), "TRANSFER_BLOCKED_NUMBER_TYPES", problems),
    allowExtensions,
    sipDomains: domains === undefined ? [] : rules.domains(list(domains), "TRANSFER_SIP_DOMAINS", problems),
  };
}

/** A tenant entry's `allowed_countries`, `blocked_number_types`, `allow_extensions`, `sip_domains`. */
export function destinationOverrides(
  entry: Record<string, unknown>,
  where: string,
  problems: string[],
): DestinationOverrides {
  const overrides: DestinationOverrides = {};
  const strings = (name: string): string[] | undefined => {
    const raw = entry[name];
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string")) {
      problems.push(`${where}: "${name}" must be an array of strings`);
      return undefined;
    }
    return raw as string[];
  };
  const countries = strings("allowed_countries");
  if (countries) overrides.allowedCountries = rules.countries(countries, `${where} allowed_countries`, problems);
  const types = strings("blocked_number_types");
  if (types) overrides.blockedNumberTypes = rules.numberTypes(types, `${where} blocked_number_types`, problems);
  const domains = strings("sip_domains");
  if (domains) overrides.sipDomains = rules.domains(domains, `${where} sip_domains`, problems);
  if (entry["allow_extensions"] !== undefined) {
    if (typeof entry["allow_extensions"] === "boolean") overrides.allowExtensions = entry["allow_extensions"];
    else problems.push(`${where}: "allow_extensions" must be true or false`);
  }
  return overrides;
}
