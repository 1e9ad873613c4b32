/**
 * A spec path (`/sip/transfers/{transfer_id}`) as a pattern for request paths: each `{name}` one
 * path segment, captured in order; everything else literal.
 */
export function pathTemplatePattern(template: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const name = /^\{([^}]+)\}$/.exec(part)?.[1];
      if (name === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      names.push(name);
      return "([^/]+)";
    })
    .join("");
  return { pattern: new RegExp(`^${source}$`), names };
}

/** A request path as a spec path: its template and its parameters' raw (still encoded) text. */
export interface PathMatch {
  template: string;
  params: Record<string, string>;
}

/**
 * Matches request paths against the spec's path templates as the server routes them: exactly (no
 * trailing slash), a literal path before a templated one. The one matcher of the request check,
 * the metrics' route label and the traces' `http.route`.
 */
export function pathMatcher(templates: readonly string[]): (path: string) => PathMatch | undefined {
  const routes = templates.map((template) => ({ template, ...pathTemplatePattern(template) }));
  const ordered = [...routes.filter((r) => r.names.length === 0), ...routes.filter((r) => r.names.length > 0)];
  return (path) => {
    for (const route of ordered) {
      const match = route.pattern.exec(path);
      if (match)
        return {
          template: route.template,
          params: Object.fromEntries(route.names.map((name, index) => [name, match[index + 1] ?? ""])),
        };
    }
    return undefined;
  };
}
