/** Markdown imported from code is text, as esbuild's `.md` loader makes it in dist/ (postmortems/TEMPLATE.md in `postmortem new`). */
export const markdownAsText = {
  name: 'markdown-as-text',
  transform(code: string, id: string) {
    return id.endsWith('.md') ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
  },
};
