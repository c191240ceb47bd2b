/** Markdown files imported as text: the bundler's `.md` text loader, and the test runner's plugin of the same name. */
declare module '*.md' {
  const text: string;
  export default text;
}
