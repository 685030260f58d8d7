// statementEffect: what a script statement creates, drops or writes, as the failed-import undo sees it.
import { describe, expect, it } from 'vitest';
import { statementEffect, type StatementEffect } from '../../src/mysql/schema-objects.js';

describe('statementEffect', () => {
  const cases: [string, StatementEffect][] = [
    ['CREATE TABLE IF NOT EXISTS REG_PATH (ID INT)', { creates: { kind: 'TABLE', name: 'REG_PATH' }, replaces: false }],
    ['CREATE OR REPLACE TABLE `db`.`T` (ID INT)', { creates: { kind: 'TABLE', name: 'T' }, replaces: true }],
    ['CREATE INDEX REG_PATH_IND USING HASH ON REG_PATH(REG_PATH_VALUE)', { creates: { kind: 'INDEX', name: 'REG_PATH_IND', table: 'REG_PATH' }, replaces: false }],
    ['CREATE UNIQUE INDEX `I` ON db.`T` (A)', { creates: { kind: 'INDEX', name: 'I', table: 'T' }, replaces: false }],
    ['create index if not exists i on t (a)', { creates: { kind: 'INDEX', name: 'i', table: 't' }, replaces: false }],
    ['CREATE OR REPLACE ALGORITHM=MERGE DEFINER=`root`@`%` SQL SECURITY INVOKER VIEW V AS SELECT 1', { creates: { kind: 'VIEW', name: 'V' }, replaces: true }],
    ['CREATE DEFINER=CURRENT_USER TRIGGER TRG BEFORE INSERT ON T FOR EACH ROW SET NEW.A = 1', { creates: { kind: 'TRIGGER', name: 'TRG' }, replaces: false }],
    ['CREATE PROCEDURE P() BEGIN SELECT 1; END', { creates: { kind: 'PROCEDURE', name: 'P' }, replaces: false }],
    ['DROP INDEX I ON T', { drops: { kind: 'INDEX', name: 'I', table: 'T' } }],
    ['DROP VIEW IF EXISTS V', { drops: { kind: 'VIEW', name: 'V' } }],
    ['ALTER TABLE UM_USER ADD COLUMN X INT', { writes: 'UM_USER' }],
    ['INSERT INTO UM_ROLE VALUES (1)', { writes: 'UM_ROLE' }],
    ['UPDATE `UM_ROLE` SET A = 1', { writes: 'UM_ROLE' }],
    ['SET FOREIGN_KEY_CHECKS = 0', {}],
    ['CALL P()', {}],
  ];
  it.each(cases)('%s', (sql, want) => {
    expect(statementEffect(sql)).toEqual(want);
  });
});
