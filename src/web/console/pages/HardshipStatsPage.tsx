/** Placeholder, filled in by the work on issue #4. */
export default function HardshipStatsPage() {
  return null;
}
