/** The variables that would send an SDK client elsewhere than `AWS_ENDPOINT_URL`, or nowhere. */
const OVERRIDING = /^AWS_ENDPOINT_URL_|^AWS_IGNORE_CONFIGURED_ENDPOINT_URLS$/;

/**
 * Points every AWS SDK client created from now on in this process at `endpoint`, the checks module's
 * own clients included (an `invokeCheck` without a client config reads the environment, as in
 * Lambda), and returns what puts the environment back.
 *
 * A service's own variable (`AWS_ENDPOINT_URL_LAMBDA`) would win over `AWS_ENDPOINT_URL`, and
 * `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` would turn it off: both are set aside for the run, so that
 * `--endpoint-url` sends every call where it says.
 */
export function pointSdkClientsAt(env: NodeJS.ProcessEnv, endpoint: string): () => void {
  const saved = Object.entries(env).filter(([name]) => name === 'AWS_ENDPOINT_URL' || OVERRIDING.test(name));
  for (const [name] of saved) delete env[name];
  env.AWS_ENDPOINT_URL = endpoint;
  return () => {
    delete env.AWS_ENDPOINT_URL;
    for (const [name, value] of saved) env[name] = value;
  };
}
