/**
 * Debian's Python with scikit-learn and NLTK, the independent implementations the
 * agreement figures are checked against. Debian installs them for its own python3 in
 * /usr/bin, which a python3 earlier on the PATH (pyenv, a venv) may not see, so both are tried.
 */
import { spawnSync } from 'node:child_process';

const CANDIDATES = ['python3', '/usr/bin/python3'];

/** A python3 that can import every module named, or null. */
export function pythonWith(modules: string[]): string | null {
  for (const py of CANDIDATES) {
    const r = spawnSync(py, ['-c', modules.map((m) => `import ${m}`).join('; ')], { encoding: 'utf8' });
    if (r.status === 0) return py;
  }
  return null;
}

/** Runs a Python script with JSON on stdin and returns the JSON it prints. */
export function runPython(py: string, script: string, input: unknown): unknown {
  const r = spawnSync(py, ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`python failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}
