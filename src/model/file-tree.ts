/** Relative path → file text: a repository, or a change to one. Sorted by path when written or compared. */
export type FileTree = Map<string, string>;
