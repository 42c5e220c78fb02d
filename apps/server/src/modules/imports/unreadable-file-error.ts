/** The file cannot be read at all (damaged, binary, wrong encoding): reported as a file-level error at `row` (0 = the file). */
export class UnreadableFileError extends Error {
  constructor(
    message: string,
    readonly row: number = 0,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
