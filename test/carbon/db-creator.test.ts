// DatabaseCreator's script reading: which lines count and where statements end (carbon-kernel 4.4 utils/dbcreator).
import { describe, expect, it } from 'vitest';
import { javaSqlException, splitScript } from '../../sandbox/carbon/server/db-creator.js';

describe('splitScript', () => {
  const cases: { name: string; text: string; want: string[] }[] = [
    { name: 'statements joined line by line, each starting with a space', text: 'CREATE TABLE A (\n  X INT\n);\nCREATE INDEX I ON A(X);\n', want: [' CREATE TABLE A ( X INT )', ' CREATE INDEX I ON A(X)'] },
    { name: 'comment lines and REM dropped', text: '-- a comment\n// another\nREM old style\nDROP TABLE A;\n', want: [' DROP TABLE A'] },
    { name: 'a trailing comment ends its line', text: 'SELECT 1 -- one\n;\n', want: [' SELECT 1 -- one\n '] },
    { name: 'CRLF lines and a last statement without ;', text: 'SELECT 1;\r\nSELECT 2\r\n', want: [' SELECT 1', ' SELECT 2'] },
    { name: 'blank lines make no statement', text: '\n\n;\n', want: [] },
  ];
  it.each(cases)('$name', ({ text, want }) => {
    expect(splitScript(text)).toEqual(want);
  });
});

describe('javaSqlException', () => {
  it.each([
    { state: '42S01', msg: "Table 'UM_TENANT' already exists", want: "java.sql.SQLSyntaxErrorException: Table 'UM_TENANT' already exists" },
    { state: '23000', msg: 'Duplicate entry', want: 'java.sql.SQLIntegrityConstraintViolationException: Duplicate entry' },
    { state: 'HY000', msg: 'other', want: 'java.sql.SQLException: other' },
  ])('$state', ({ state, msg, want }) => {
    expect(javaSqlException({ sqlState: state, sqlMessage: msg, message: 'x' })).toBe(want);
  });
});
