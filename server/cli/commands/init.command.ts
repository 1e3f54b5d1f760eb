import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { TEMPLATES, type Template } from '../../../web/src/lib/templates.js';
import { usageError } from '../cli.errors.js';
import { MANIFEST } from '../manifest.file.js';
import type { CliRunner } from '../cli.program.js';

/** The handler file of each runtime's default handler (main.handler, index.handler). */
const HANDLER_FILE = { PYTHON: 'main.py', NODE: 'index.mjs' } as const;
const IGNORE_FILE = `# Left out of the bundle \`fnbox deploy\` uploads (gitignore rules).
.env
*.log
tests/
`;

export function registerInit(program: Command, run: CliRunner): void {
  const ids = TEMPLATES.map((t) => t.id);
  program
    .command('init [dir]')
    .description(`Create a function folder with ${MANIFEST} from a dashboard template (offline)`)
    .option('--template <id>', `one of: ${ids.join(', ')}`, ids[0])
    .option('--runtime <runtime>', 'PYTHON or NODE: the template of that runtime')
    .option('--name <name>', 'function name (default: the folder name)')
    .option('--force', `overwrite an existing ${MANIFEST}`)
    .action(
      run(async (opts: { template: string; runtime?: string; name?: string; force?: boolean }, { out }, [dirArg]) => {
        const template = pickTemplate(opts.template, opts.runtime);
        const dir = path.resolve(dirArg ?? '.');
        const name = opts.name ?? sanitiseName(path.basename(dir)) ?? template.name;
        if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) throw usageError(`--name must be 1-64 letters, digits, "-" or "_" (got ${name})`);
        const manifest = path.join(dir, MANIFEST);
        if (fs.existsSync(manifest) && !opts.force) throw usageError(`${manifest} exists (add --force to overwrite)`);
        fs.mkdirSync(dir, { recursive: true });
        // A template with dependencies brings its package.json (without "type": CommonJS, so index.js).
        const handlerFile = template.dependencies ? 'index.js' : HANDLER_FILE[template.runtime];
        const written = [MANIFEST, handlerFile, ...(template.dependencies ? ['package.json'] : []), '.fnboxignore'];
        const entry = {
          name,
          runtime: template.runtime,
          path: '.',
          ...(template.withoutRoute ? { schedules: [{ expression: 'rate(1 day)' }] } : { route: `/${name}` }),
          ...(template.access ? { access: template.access } : {}),
          ...(template.secrets ? { secrets: template.secrets } : {}),
        };
        fs.writeFileSync(manifest, `${JSON.stringify({ functions: [entry] }, null, 2)}\n`);
        if (!fs.existsSync(path.join(dir, handlerFile)) || opts.force) fs.writeFileSync(path.join(dir, handlerFile), template.code);
        if (template.dependencies && (!fs.existsSync(path.join(dir, 'package.json')) || opts.force)) {
          fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', private: true, ...JSON.parse(template.dependencies) }, null, 2)}\n`);
        }
        if (!fs.existsSync(path.join(dir, '.fnboxignore'))) fs.writeFileSync(path.join(dir, '.fnboxignore'), IGNORE_FILE);
        out.result({ dir, name, runtime: template.runtime, template: template.id, files: written }, () => {
          out.line(`Created ${template.label} as "${name}" in ${dir}: ${written.join(', ')}`);
          for (const secret of template.secrets ?? []) out.line(`It reads the secret ${secret}: fnbox secrets set ${secret}`);
          out.line(`Next: fnbox deploy ${dirArg ?? '.'}`);
        });
      }),
    );
}

function pickTemplate(id: string, runtime: string | undefined): Template {
  if (runtime !== undefined) {
    const upper = runtime.toUpperCase();
    const byRuntime = TEMPLATES.find((t) => t.runtime === upper);
    if (!byRuntime) throw usageError('--runtime must be PYTHON or NODE');
    return byRuntime;
  }
  const template = TEMPLATES.find((t) => t.id === id);
  if (!template) throw usageError(`--template must be one of ${TEMPLATES.map((t) => t.id).join(', ')}`);
  return template;
}

function sanitiseName(folder: string): string | undefined {
  const name = folder.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  return name || undefined;
}
