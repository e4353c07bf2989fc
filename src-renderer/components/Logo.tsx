/** The app's mark: a card with its contact chip and a check (same drawing as resources/icons). */
export function Logo() {
  return (
    <svg className="logo" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <rect x="4" y="12" width="56" height="40" rx="6" className="logo-card" />
      <rect x="12" y="22" width="14" height="11" rx="2" className="logo-chip" />
      <path d="M12 27.5h14M19 22v11" className="logo-chip-lines" />
      <path d="M12 42h20" className="logo-line" />
      <circle cx="46" cy="36" r="9" className="logo-seal" />
      <path d="M41.5 36.2l3 3 6-6.4" className="logo-check" />
    </svg>
  );
}
