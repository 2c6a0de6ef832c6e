// Types of site.mjs for the TypeScript that imports it (the end-to-end tests); the scripts themselves are plain JS.
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ROOT: string;
export const BUILD_DIR: string;
export const CHROMIUM: string;

export function ensureBuild(): void;

export interface StaticSite {
  url: string;
  /** The file in build/ that a URL of this server names. */
  fileOf(url: string): string;
  close(): Promise<void>;
}
export function serveStatic(root?: string): Promise<StaticSite>;

export function launchChromium(): Promise<Browser>;

export function openIde(
  browser: Browser,
  url: string,
  options: {
    viewport: { width: number; height: number };
    theme?: 'light' | 'dark';
    presenter?: boolean;
    onRequest?: (url: string) => void;
  }
): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;

export function openAllPanels(page: Page): Promise<string[]>;
