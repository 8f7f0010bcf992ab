/** Placeholder, filled in by the work on issue #4. */
export default function HardshipTransfersPage() {
  return null;
}
