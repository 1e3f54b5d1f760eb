/**
 * Templates on the create page. The README's two examples read their input
 * (`{"numbers": [10, 20]}`, directly or as the JSON body of a route call) and fall back to the
 * README's numbers, so that invoked without input they answer what the README shows. A signed
 * webhook (a PUBLIC route checking an HMAC from a secret) and a scheduled job (no route; the
 * schedule is added on its page) start the two other common shapes of function, and a function
 * with a dependency shows a package from npm installed by a build. Templates fill
 * in no route of their own: the form derives it from the name and, as routes are unique across
 * the platform, makes it unique when another user's function already has it.
 */

export type RuntimeName = 'PYTHON' | 'NODE';

export interface Template {
  id: string;
  label: string;
  description: string;
  runtime: RuntimeName;
  name: string;
  code: string;
  /** PUBLIC: its route answers anyone (the code checks who calls). Default PRIVATE. */
  access?: 'PUBLIC';
  /** Secrets it reads (the form ticks them; the user sets their values on the Secrets page). */
  secrets?: string[];
  /** Not called over HTTP (a scheduled job): no route is filled in. */
  withoutRoute?: boolean;
  /** Its dependency manifest (a package.json for NODE): a build installs them before it goes live. */
  dependencies?: string;
}

export const PYTHON_EXAMPLE = `def handler(event, context):
    # Invoke with {"numbers": [10, 20]}, or POST that JSON to the route.
    data = event if isinstance(event, dict) else {}
    if isinstance(data.get("body"), dict):
        data = data["body"]
    numbers = data.get("numbers") or [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}
`;

export const JAVASCRIPT_EXAMPLE = `export function handler(event) {
  // Invoke with {"numbers": [10, 20]}, or POST that JSON to the route.
  const data = event && typeof event.body === 'object' && event.body !== null ? event.body : event ?? {};
  const numbers = Array.isArray(data.numbers) && data.numbers.length ? data.numbers : [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
`;

export const WEBHOOK_EXAMPLE = `import base64, hashlib, hmac, os

def handler(event, context):
    # A PUBLIC route: anyone can call it, so only requests signed with the shared secret count.
    # Set a secret named WEBHOOK_SECRET (Secrets page) to the value the sender signs with. The
    # sender puts "sha256=" + the hex HMAC-SHA256 of the raw body in X-Signature-256 (as GitHub does).
    secret = os.environ["WEBHOOK_SECRET"].encode()
    raw = event.get("rawBody") or ""
    body = base64.b64decode(raw) if event.get("isBase64Encoded") else raw.encode()
    expected = "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()
    given = (event.get("headers") or {}).get("x-signature-256", "")
    if not hmac.compare_digest(expected, given):
        print("refused a request without a valid signature")
        return {"statusCode": 401, "body": {"error": "invalid signature"}}
    payload = event.get("body")
    print("verified webhook:", payload)
    # ... act on the payload here ...
    return {"statusCode": 200, "body": {"ok": True}}
`;

export const SCHEDULED_JOB_EXAMPLE = `// A job that runs on a schedule: nobody calls it, so it has no route.
// Create it, then on its page add a schedule under "Schedules": a cron expression such as
// "*/15 * * * *" (every 15 minutes, in the time zone you pick) or "rate(1 hour)", and
// optionally the input each run gets. Every run is an invocation with trigger SCHEDULE;
// a failed run is retried, and a run still going when the next is due makes it skip.
export async function handler(event, context) {
  const started = new Date().toISOString();
  console.log(\`job \${context.invocationId} started at \${started}\`);
  // ... the periodic work goes here: clean up, poll, aggregate, send a report ...
  const items = Array.isArray(event?.items) ? event.items : [];
  console.log(\`processed \${items.length} item(s)\`);
  return { ok: true, started, processed: items.length };
}
`;

// CommonJS (require), as a package.json without "type" makes it; a build installs "ms".
export const WITH_DEPENDENCY_EXAMPLE = `// "ms" comes from npm: creating or changing the function runs a build that installs it (watch
// it in the Build panel); until the build succeeds, the previous version keeps serving.
const ms = require('ms');

exports.handler = (event) => {
  // Invoke with {"duration": "2 days"}, or POST that JSON to the route.
  const data = event && typeof event.body === 'object' && event.body !== null ? event.body : event ?? {};
  const duration = typeof data.duration === 'string' ? data.duration : '90m';
  const milliseconds = ms(duration);
  if (milliseconds === undefined) return { error: \`not a duration: \${duration}\` };
  return { duration, milliseconds, readable: ms(milliseconds, { long: true }) };
};
`;

export const TEMPLATES: Template[] = [
  {
    id: 'python-example',
    label: 'Python: sum and average',
    description: 'Sum and average of the numbers it is given ({"numbers": [10, 20]}), or of 1 to 5.',
    runtime: 'PYTHON',
    name: 'stats',
    code: PYTHON_EXAMPLE,
  },
  {
    id: 'javascript-example',
    label: 'JavaScript: sum and average',
    description: 'The same in JavaScript: sum and average of "numbers", or of 1 to 5.',
    runtime: 'NODE',
    name: 'stats-js',
    code: JAVASCRIPT_EXAMPLE,
  },
  {
    id: 'webhook',
    label: 'Webhook with signature check',
    description: 'A PUBLIC route that accepts only requests signed with your WEBHOOK_SECRET (HMAC-SHA256 in X-Signature-256).',
    runtime: 'PYTHON',
    name: 'webhook',
    code: WEBHOOK_EXAMPLE,
    access: 'PUBLIC',
    secrets: ['WEBHOOK_SECRET'],
  },
  {
    id: 'scheduled-job',
    label: 'Scheduled job',
    description: 'Runs on a schedule you add on its page (cron or rate), with no route: a periodic task.',
    runtime: 'NODE',
    name: 'nightly-job',
    code: SCHEDULED_JOB_EXAMPLE,
    withoutRoute: true,
  },
  {
    id: 'with-dependency',
    label: 'Function with a dependency',
    description: 'JavaScript using the npm package "ms" ({"duration": "2 days"} to milliseconds), installed by a build.',
    runtime: 'NODE',
    name: 'durations',
    code: WITH_DEPENDENCY_EXAMPLE,
    dependencies: '{\n  "dependencies": {\n    "ms": "2.1.3"\n  }\n}\n',
  },
];

/** A short random suffix that makes a route derived from a name unique ("/stats-k3x9"). */
export function routeWithSuffix(route: string): string {
  return `${route}-${Math.random().toString(36).slice(2, 6)}`;
}

/** What a blank editor starts with for each runtime. */
export const STARTER_CODE: Record<RuntimeName, string> = {
  PYTHON: `def handler(event, context):
    # event: the JSON input (for HTTP routes: method, path, query, headers, body)
    return {"hello": "world"}
`,
  NODE: `export async function handler(event, context) {
  // event: the JSON input (for HTTP routes: method, path, query, headers, body)
  return { hello: 'world' };
}
`,
};
