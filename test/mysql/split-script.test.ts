// splitScript: comments, quotes, DELIMITER blocks and line numbers; findCreatedTables.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findCreatedTables, splitScript } from '../../src/mysql/split-script.js';

describe('splitScript', () => {
  it.each([
    { name: 'two statements with lines', text: 'SELECT 1;\n\nSELECT 2;', want: [{ sql: 'SELECT 1', line: 1 }, { sql: 'SELECT 2', line: 3 }] },
    { name: '-- and # comments dropped', text: '-- c;\n# d;\nSELECT 1; -- tail;\n', want: [{ sql: 'SELECT 1', line: 3 }] },
    { name: 'block comment spanning lines', text: '/* a;\n b; */\nSELECT 1;', want: [{ sql: 'SELECT 1', line: 3 }] },
    { name: 'version comment kept', text: '/*!40101 SET NAMES utf8 */;', want: [{ sql: '/*!40101 SET NAMES utf8 */', line: 1 }] },
    { name: '; inside quotes', text: "INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'x\\';y');", want: [{ sql: "INSERT INTO t VALUES ('a;b', \"c;d\", 'it''s;', 'x\\';y')", line: 1 }] },
    { name: '-- without space is not a comment', text: 'SELECT 1--1;', want: [{ sql: 'SELECT 1--1', line: 1 }] },
    { name: 'DELIMITER block', text: 'DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;\nSELECT 2;', want: [{ sql: 'CREATE PROCEDURE p() BEGIN SELECT 1; END', line: 2 }, { sql: 'SELECT 2', line: 4 }] },
    { name: 'last statement without delimiter', text: 'SELECT 1;\nSELECT 2\n', want: [{ sql: 'SELECT 1', line: 1 }, { sql: 'SELECT 2', line: 2 }] },
  ])('$name', ({ text, want }) => {
    expect(splitScript(text)).toEqual(want);
  });

  it('the DELIMITER fixture: trigger and procedure bodies stay whole (comments dropped), lines point at each statement', () => {
    const st = splitScript(readFileSync('test/fixtures/mysql/with-delimiter.sql', 'utf8'));
    expect(st.map((s) => s.line)).toEqual([2, 8, 15, 21, 27, 28]);
    expect(st[2]!.sql).toMatch(/^CREATE TRIGGER[\s\S]*VALUE \+ 1; \nEND$/);
    expect(findCreatedTables(st)).toEqual(['IDN_COUNTER', 'IDN_EVENT']);
  });

  it('the WSO2-shaped fixture: tables with and without IF NOT EXISTS', () => {
    const st = splitScript(readFileSync('test/fixtures/mysql/wso2-shaped.sql', 'utf8'));
    expect(findCreatedTables(st)).toEqual(['REG_CLUSTER_LOCK', 'REG_PATH', 'REG_PROPERTY', 'UM_TENANT', 'UM_USER', 'UM_ROLE', 'UM_USER_ROLE']);
    expect(st.at(-1)!.sql).toContain("'admin; not a delimiter'");
  });
});
