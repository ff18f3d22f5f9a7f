/** Interactions read so far: interned user and item ids and one (user, item, time, line) row each. */
export class InteractionLog {
  readonly userIds: string[] = [];
  readonly itemIds: string[] = [];
  private readonly userIndex = new Map<string, number>();
  private readonly itemIndex = new Map<string, number>();
  /** [capacity] dense user index of each row. */
  users = new Int32Array(1024);
  /** [capacity] dense item index of each row. */
  items = new Int32Array(1024);
  /** [capacity] timestamp in seconds, or 0 when the source has no time. */
  times = new Float64Array(1024);
  /** [capacity] 1-based source line of each row. */
  lines = new Int32Array(1024);
  /** Source file of each row range: rows from `start` on come from `name`. */
  readonly files: { name: string; start: number }[] = [];
  length = 0;

  /** Marks the start of rows from file `name`. */
  beginFile(name: string): void {
    if (this.files.length > 0 && this.files[this.files.length - 1].name === name) return;
    this.files.push({ name, start: this.length });
  }

  /** Dense index of an item id, adding it when new. */
  internItem(id: string): number {
    let index = this.itemIndex.get(id);
    if (index === undefined) {
      index = this.itemIds.length;
      this.itemIndex.set(id, index);
      this.itemIds.push(id);
    }
    return index;
  }

  /** Dense index of a user id, adding it when new. */
  internUser(id: string): number {
    let index = this.userIndex.get(id);
    if (index === undefined) {
      index = this.userIds.length;
      this.userIndex.set(id, index);
      this.userIds.push(id);
    }
    return index;
  }

  /** Appends one interaction. */
  add(user: string, item: string, time: number, line: number): void {
    this.addDense(this.internUser(user), this.internItem(item), time, line);
  }

  /** Appends one interaction given dense indices. */
  addDense(user: number, item: number, time: number, line: number): void {
    if (this.length === this.users.length) this.grow();
    const i = this.length++;
    this.users[i] = user;
    this.items[i] = item;
    this.times[i] = time;
    this.lines[i] = line;
  }

  /** Name of the file row `row` came from. */
  fileOf(row: number): string {
    let name = '';
    for (const f of this.files) if (f.start <= row) name = f.name;
    return name;
  }

  private grow(): void {
    const size = this.users.length * 2;
    const users = new Int32Array(size);
    users.set(this.users);
    this.users = users;
    const items = new Int32Array(size);
    items.set(this.items);
    this.items = items;
    const times = new Float64Array(size);
    times.set(this.times);
    this.times = times;
    const lines = new Int32Array(size);
    lines.set(this.lines);
    this.lines = lines;
  }
}
