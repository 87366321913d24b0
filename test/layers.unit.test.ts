import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * SQL lives only in src/db/: use cases in src/domain/ never run kysely's `sql`
 * or build queries from kysely values, and never compare PostgreSQL error
 * codes (src/db/pg-errors.ts answers those questions). Type-only imports are
 * fine: they vanish at compile time.
 */
const domainDir = path.resolve('src/domain');

/** A quoted SQLSTATE: class 00–58 or F0/HV/P0/XX, then three characters ('23505', '55P03', '40P01'). */
const sqlstatePattern = /['"`](?:[0-5][0-9]|F0|HV|P0|XX)[0-9A-Z]{3}['"`]/;

/** Modules a file loads at run time (type-only imports and exports are erased), with their lines. */
function runtimeImports(file: string, text: string): { specifier: string; line: number }[] {
  const found: { specifier: string; line: number }[] = [];
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const visit = (node: ts.Node): void => {
    let specifier: ts.Expression | undefined;
    let typeOnly = false;
    if (ts.isImportDeclaration(node)) {
      specifier = node.moduleSpecifier;
      const clause = node.importClause;
      const named = clause?.namedBindings;
      typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly)));
    } else if (ts.isExportDeclaration(node)) {
      specifier = node.moduleSpecifier;
      typeOnly = node.isTypeOnly;
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword || node.expression.getText() === 'require')
    ) {
      specifier = node.arguments[0];
    }
    if (specifier && ts.isStringLiteral(specifier) && !typeOnly) {
      found.push({ specifier: specifier.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function layerProblems(file: string, text: string): string[] {
  const problems = runtimeImports(file, text)
    .filter((i) => /^kysely(\/|$)/.test(i.specifier))
    .map((i) => `${file}:${i.line} imports kysely at run time`);
  text.split('\n').forEach((line, i) => {
    if (sqlstatePattern.test(line) || /sqlstate/i.test(line)) problems.push(`${file}:${i + 1} knows a SQLSTATE: ${line.trim()}`);
  });
  return problems;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map((e) => path.join(e.parentPath, e.name));
}

describe('layers: SQL only in src/db/', () => {
  it('no src/domain file imports kysely at run time or mentions a SQLSTATE', async () => {
    const files = await sourceFiles(domainDir);
    expect(files.length).toBeGreaterThan(50);
    const problems = (
      await Promise.all(files.map(async (f) => layerProblems(path.relative(process.cwd(), f), await readFile(f, 'utf8'))))
    ).flat();
    expect(problems).toEqual([]);
  });

  it('the check itself catches each kind of breach and lets type-only imports through', () => {
    const flagged = (text: string) => layerProblems('sample.ts', text);
    expect(flagged(`import { sql } from 'kysely';`)).toHaveLength(1);
    expect(flagged(`import { type RawBuilder, sql } from 'kysely';`)).toHaveLength(1);
    expect(flagged(`export { sql } from 'kysely';`)).toHaveLength(1);
    expect(flagged(`const k = await import('kysely');`)).toHaveLength(1);
    expect(flagged(`if (e.code === '23505') throw e;`)).toHaveLength(1);
    expect(flagged(`const busy = ['55P03', "40P01"];`)).toHaveLength(1);
    expect(flagged(`import type { Updateable } from 'kysely';`)).toEqual([]);
    expect(flagged(`import { type Updateable } from 'kysely';`)).toEqual([]);
    expect(flagged(`const status = 'ADMIN'; const year = '2024';`)).toEqual([]);
  });
});

describe('layers: route schemas load in the browser', () => {
  /** Every module a file loads at run time, following relative imports. */
  async function runtimeClosure(entry: string): Promise<Map<string, string[]>> {
    const seen = new Map<string, string[]>();
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      const imports = runtimeImports(file, await readFile(file, 'utf8')).map((i) => i.specifier);
      seen.set(file, imports);
      for (const spec of imports.filter((s) => s.startsWith('.')))
        await visit(path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts')));
    };
    await visit(entry);
    return seen;
  }

  it('schema files and what they import load nothing but typebox and each other (no node:, no database)', async () => {
    const schemaFiles = (await sourceFiles(path.resolve('src/http'))).filter((f) => /schemas/.test(f));
    expect(schemaFiles.length).toBeGreaterThanOrEqual(7);
    const outside: string[] = [];
    for (const entry of schemaFiles) {
      for (const [file, imports] of await runtimeClosure(entry)) {
        for (const spec of imports.filter((s) => !s.startsWith('.') && s !== 'typebox')) {
          outside.push(`${path.relative(process.cwd(), file)} loads ${spec} (via ${path.relative(process.cwd(), entry)})`);
        }
      }
    }
    expect([...new Set(outside)]).toEqual([]);
  });
});
