// ${VAR} (and ${VAR:-fallback}) interpolation from an injected environment.

export type EnvLookup = (name: string) => string | undefined;

const VAR = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolated {
  value: string;
  /** Variables that were referenced but empty or unset. */
  missing: string[];
  /** Variables referenced at all (for "set X" hints). */
  referenced: string[];
  /** The values put in for set variables (a key inside a URL must be redacted wherever the URL is shown). */
  values: string[];
}

export function interpolate(text: string, env: EnvLookup): Interpolated {
  const missing: string[] = [];
  const referenced: string[] = [];
  const values: string[] = [];
  const value = text.replace(VAR, (_m, name: string, fallback: string | undefined) => {
    referenced.push(name);
    const v = env(name);
    if (v !== undefined && v !== '') {
      values.push(v);
      return v;
    }
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return '';
  });
  return { value, missing, referenced, values };
}

export const processEnv: EnvLookup = (name) => process.env[name];
