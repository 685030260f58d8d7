// What a default-callback text shows per task (Ansible's or carbon-play's plain output): the status word and the result JSON.

export interface ShownResult {
  task: string;
  /** ok, changed, skipping, fatal or failed: the first host line's word. */
  status?: string;
  /** The first JSON object the block shows (Ansible: after `=>`, maybe over many lines; carbon-play -v: the next line). */
  shown?: Record<string, unknown>;
}

function firstJson(lines: string[]): Record<string, unknown> | undefined {
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].indexOf('{');
    if (at < 0 || !/^(\{|.*=> \{)/.test(lines[i])) continue;
    // Grow the candidate a line at a time until it parses (Ansible indents a debug result over many lines).
    let text = lines[i].slice(at);
    for (let j = i; j < lines.length; j++) {
      if (j > i) text += `\n${lines[j]}`;
      try {
        return JSON.parse(text) as Record<string, unknown>;
      } catch {
        /* not complete yet */
      }
    }
  }
  return undefined;
}

export function shownResults(text: string): ShownResult[] {
  return text.split(/^(?:TASK|RUNNING HANDLER) \[/m).slice(1).map((block) => {
    const [head, ...rest] = block.split('\n');
    const body = rest.join('\n').split(/^PLAY RECAP/m)[0].split('\n');
    const status = body.map((l) => /^(ok|changed|skipping|fatal|failed): /.exec(l)?.[1]).find((w) => w !== undefined);
    return { task: head.replace(/\] \**$/, '').replace(/^[^:]+ : /, ''), status, shown: firstJson(body) };
  });
}
