/**
 * The train / held-out split: stratified, seeded and streaming. Each outcome class is dealt
 * in blocks of BLOCK rows. How many of a block are held out is set so that after any number of
 * blocks the count is the share times the rows, rounded (at a seeded offset); which rows of
 * the block they are is a seeded shuffle. So every class is held out in the same proportion,
 * to within one row per block boundary, without knowing the class sizes in advance. The same seed over the same file gives the same split,
 * which lets calibrate read the file twice and find each row on the same side. Pure.
 */
import { seededRandom } from "../core/random.js";

const BLOCK = 20;

class ClassDealer {
  private readonly next: () => number;
  private readonly block = new Uint8Array(BLOCK);
  private position = BLOCK;
  private blocks = 0;
  private readonly offset: number;

  constructor(
    seed: number,
    private readonly share: number,
  ) {
    this.next = seededRandom(seed);
    this.offset = this.next();
  }

  /** Whether the class's next row is held out. */
  deal(): boolean {
    if (this.position === BLOCK) this.shuffle();
    return this.block[this.position++] === 1;
  }

  private shuffle(): void {
    const upTo = (blocks: number): number => Math.floor(blocks * BLOCK * this.share + this.offset);
    const held = upTo(this.blocks + 1) - upTo(this.blocks);
    this.blocks++;
    const block = this.block;
    block.fill(0);
    block.fill(1, 0, held);
    for (let i = BLOCK - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = block[i]!;
      block[i] = block[j]!;
      block[j] = t;
    }
    this.position = 0;
  }
}

export class HoldoutSplit {
  private readonly positives: ClassDealer;
  private readonly negatives: ClassDealer;

  /** `fraction`: the share of each class held out, between 0 and 1 (exclusive). */
  constructor(fraction: number, seed: number) {
    // Distinct streams per class, both fixed by the seed.
    this.positives = new ClassDealer(Math.imul(seed, 2654435761) ^ 0x9e3779b9, fraction);
    this.negatives = new ClassDealer(Math.imul(seed, 2246822519) ^ 0x85ebca6b, fraction);
  }

  /** Whether the next row of this class is held out (else it is for training). */
  heldOut(positive: boolean): boolean {
    return (positive ? this.positives : this.negatives).deal();
  }
}
