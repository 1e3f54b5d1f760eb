/**
 * The README's two examples, offered as templates on the create page. They read their input
 * (`{"numbers": [10, 20]}`, directly or as the JSON body of a route call) and fall back to the
 * README's numbers, so that invoked without input they answer what the README shows. They fill
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
