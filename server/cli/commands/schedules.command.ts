import type { Command } from 'commander';
import { findFunction, ownFunctions } from '../cli.context.js';
import type { CliRunner } from '../cli.program.js';

interface ScheduleView {
  id: string;
  expression: string;
  timezone: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
}

export function registerSchedules(program: Command, run: CliRunner): void {
  program
    .command('schedules [name]')
    .description('List the schedules of your functions (or of one); fnbox.json sets them on deploy')
    .action(
      run(async (_opts, { api, out }, [name]) => {
        const functions = name ? [await findFunction(api, name)] : await ownFunctions(api);
        const rows: (ScheduleView & { function: string })[] = [];
        for (const fn of functions) {
          const data = await api.request<{ function: { schedules: ScheduleView[] } }>(
            'query($id: ID!) { function(id: $id) { schedules { id expression timezone enabled nextRunAt lastRunAt } } }',
            { id: fn.id },
          );
          rows.push(...data.function.schedules.map((s) => ({ function: fn.name, ...s })));
        }
        out.result(rows, () => (rows.length ? out.table(rows, ['function', 'expression', 'timezone', 'enabled', 'nextRunAt', 'lastRunAt']) : out.line('No schedules')));
      }),
    );
}
