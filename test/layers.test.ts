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

function layerProblems(file: string, text: string): string[] {
  const problems: string[] = [];
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
    if (specifier && ts.isStringLiteral(specifier) && /^kysely(\/|$)/.test(specifier.text) && !typeOnly) {
      const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
      problems.push(`${file}:${line} imports kysely at run time`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
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
