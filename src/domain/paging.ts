/** Which slice of a long list a menu shows. */
export interface PageRequest {
  offset: number;
  limit: number;
}

/** One slice of a list, with the length of the whole list so a menu can say "page 2 of 5". */
export interface Page<T> {
  items: T[];
  total: number;
}
