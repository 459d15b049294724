// The recent projects and the image folders the user picked, kept by the main process in the data folder: in
// Electron they are what the app may open again after a restart (see path-policy), so a renderer cannot add to
// them except by opening or saving through the services.
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { readRegularFile } from '../../src-engine/node';
import { writeFileAtomic } from './atomic-write';

export interface RecentProject {
  path: string;
  openedAt: string;
}

const RecentFile = z.object({
  version: z.literal(1),
  projects: z.array(z.object({ path: z.string().max(4096), openedAt: z.string().max(40) })).max(100),
  folders: z.array(z.string().max(4096)).max(100),
});
type RecentFile = z.infer<typeof RecentFile>;

const PROJECT_LIMIT = 10;
const FOLDER_LIMIT = 20;

export class RecentPaths {
  private readonly file: string;
  private state: Promise<RecentFile> | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    dataDir: string,
    private readonly log: (message: string) => void = () => undefined,
  ) {
    this.file = join(dataDir, 'recent.json');
  }

  async projects(): Promise<RecentProject[]> {
    return (await this.load()).projects;
  }

  async folders(): Promise<string[]> {
    return (await this.load()).folders;
  }

  addProject(path: string): Promise<void> {
    const entry = { path, openedAt: new Date().toISOString() };
    return this.update((s) => ({
      ...s,
      projects: [entry, ...s.projects.filter((p) => p.path !== path)].slice(0, PROJECT_LIMIT),
    }));
  }

  addFolder(path: string): Promise<void> {
    return this.update((s) => ({
      ...s,
      folders: [path, ...s.folders.filter((p) => p !== path)].slice(0, FOLDER_LIMIT),
    }));
  }

  private load(): Promise<RecentFile> {
    this.state ??= readRegularFile(this.file, { maxBytes: 1024 * 1024 }).then(
      ({ bytes }) => {
        const parsed = RecentFile.safeParse(JSON.parse(bytes.toString('utf8')));
        return parsed.success ? parsed.data : empty();
      },
      () => empty(),
    );
    // A damaged list only costs the list; JSON.parse throwing lands here too.
    this.state = this.state.catch(() => empty());
    return this.state;
  }

  // Serialised, so two quick additions both land.
  private update(change: (s: RecentFile) => RecentFile): Promise<void> {
    const run = this.writes.then(async () => {
      const next = change(await this.load());
      this.state = Promise.resolve(next);
      try {
        await mkdir(dirname(this.file), { recursive: true });
        await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
      } catch (error) {
        this.log(
          `Could not save the recent-projects list to ${this.file}: ` +
            `${error instanceof Error ? error.message : String(error)}`,
        );
      }
    });
    this.writes = run;
    return run;
  }
}

function empty(): RecentFile {
  return { version: 1, projects: [], folders: [] };
}
