// Values tbt knows to be secret before any span arrives: those of environment variables and
// `var:` values whose names say credential (`STRIPE_API_KEY`, `DB_PASSWORD`, `GITHUB_TOKEN`). A
// trigger may expand them into a URL path or a header, where no shape gives them away; messages
// hide them wherever they occur.

const CREDENTIAL_NAME = /(token|secret|passw|pwd|api[-_]?key|apikey|private[-_]?key|credential|auth|cookie|session)/i;

/**
 * Names the pattern above catches that every shell or desktop sets and that hold no secret: the
 * working directory (`PWD` has "pwd" in it) and session sockets. Hiding them would turn every path
 * under the project into `[REDACTED]` in every message, report and `show --snapshot` header.
 */
const NOT_CREDENTIALS = /^(?:PWD|OLDPWD|SSH_AUTH_SOCK|XAUTHORITY|DBUS_SESSION_BUS_ADDRESS|SESSION_MANAGER|DESKTOP_SESSION|XDG_SESSION_[A-Z_]+|GPG_AGENT_INFO|GNOME_KEYRING_CONTROL)$/i;

/** Shorter values are left alone: hiding `dev` or `true` everywhere would mangle messages. */
const MIN_SECRET_LENGTH = 6;

export function knownSecretsOf(...sources: readonly Readonly<Record<string, string | undefined>>[]): string[] {
  const secrets = new Set<string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (value !== undefined && value.length >= MIN_SECRET_LENGTH && CREDENTIAL_NAME.test(name) && !NOT_CREDENTIALS.test(name)) secrets.add(value);
    }
  }
  return [...secrets];
}
