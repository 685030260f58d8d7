// Setup file of both projects: every temp dir a test file made with makeTempDir is removed when the file ends.
import { afterAll } from 'vitest';
import { removeTempDirs } from '../helpers/temp-dir.js';

afterAll(removeTempDirs);
