/**
 * The layers of src/, read from the import statements: the composition root (`src/compose`) is
 * imported by the functions, the CLI and the simulator only; `src/core` never imports it; the
 * runtime's shape in `src/core/gate` names the domains by type only; the reply helpers sit below
 * the gate, beside `http/`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const SRC = join(ROOT, 'src');

interface ImportStatement {
  file: string;
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every relative import and re-export of `file`, resolved to a path under src/ (no extension). */
function importsOf(file: string): ImportStatement[] {
  const text = readFileSync(file, 'utf8');
  const statements = text.matchAll(/^(import|export)\s+(type\s+)?[^;]*?\sfrom\s+'(\.[^']+)';/gms);
  return [...statements].map((match) => ({
    file: relative(SRC, file),
    target: relative(SRC, resolve(dirname(file), match[3])).split(sep).join('/'),
    typeOnly: match[2] !== undefined,
  }));
}

const all = sourceFiles(SRC).flatMap(importsOf);
const inside = (path: string, folder: string) => path === folder || path.startsWith(`${folder}/`);
const describeImport = (statement: ImportStatement) => `${statement.file} -> ${statement.target}`;

it('finds the imports it judges', () => {
  expect(all.filter((statement) => inside(statement.target, 'compose')).length).toBeGreaterThan(5);
  expect(all.filter((statement) => inside(statement.target, 'core/reply')).length).toBeGreaterThan(5);
});

it('imports the composition root only from the functions, the CLI and the simulator', () => {
  const allowed = ['functions', 'cli', 'sim', 'compose'];
  const offending = all.filter((statement) => inside(statement.target, 'compose') && !allowed.some((folder) => inside(statement.file.split(sep).join('/'), folder)));
  expect(offending.map(describeImport)).toEqual([]);
});

it("names the domains from the runtime's shape by type only", () => {
  const gateFolder = all.filter((statement) => inside(statement.file.split(sep).join('/'), 'core/gate'));
  const valueImports = gateFolder.filter((statement) => !statement.typeOnly && !inside(statement.target, 'core/gate') && !['core/gate-mode', 'core/http/gate-error'].includes(statement.target));
  expect(valueImports.map(describeImport)).toEqual([]);
});

it('keeps the reply helpers below the gate', () => {
  const replyFolder = all.filter((statement) => inside(statement.file.split(sep).join('/'), 'core/reply'));
  expect(replyFolder.filter((statement) => inside(statement.target, 'core/gate')).map(describeImport)).toEqual([]);
});
