/** The README's two examples, offered as templates on the create page. */

export type RuntimeName = 'PYTHON' | 'NODE';

export interface Template {
  id: string;
  label: string;
  description: string;
  runtime: RuntimeName;
  name: string;
  route: string;
  code: string;
}

export const PYTHON_EXAMPLE = `def handler():
    numbers = [1, 2, 3, 4, 5]
    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}
`;

export const JAVASCRIPT_EXAMPLE = `function handler() {
  const numbers = [1, 2, 3, 4, 5];
  const sum = numbers.reduce((a, b) => a + b, 0);
  return { sum, average: sum / numbers.length };
}
console.log(JSON.stringify(handler()));
`;

export const TEMPLATES: Template[] = [
  {
    id: 'python-example',
    label: 'Python: sum and average',
    description: 'Returns the sum and average of a list. The README example.',
    runtime: 'PYTHON',
    name: 'stats',
    route: '/stats',
    code: PYTHON_EXAMPLE,
  },
  {
    id: 'javascript-example',
    label: 'JavaScript: sum and average',
    description: 'Prints JSON to stdout, which becomes the result. The README example.',
    runtime: 'NODE',
    name: 'stats-js',
    route: '/stats-js',
    code: JAVASCRIPT_EXAMPLE,
  },
];

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
