import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';

const SHOWN_AT_MOST = 200;

/**
 * Picks names from the target's catalog (tablespaces, schemas or SCHEMA.TABLE), with a filter,
 * and takes a typed name when the catalog does not list it (not inspected yet).
 */
@Component({
  selector: 'rp-object-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset [attr.data-testid]="'picker-' + kind()">
      <legend>
        {{ label() }} <span class="rp-muted">({{ selected().length }} chosen)</span>
      </legend>
      <div class="row">
        <input
          type="search"
          [attr.aria-label]="'Filter or add ' + label()"
          [placeholder]="placeholder()"
          [value]="filter()"
          (input)="filter.set(text($event))"
          (keydown.enter)="add(); $event.preventDefault()"
        />
        <button type="button" (click)="add()" [disabled]="!filter().trim()">Add</button>
      </div>
      <ul class="chosen">
        @for (name of selected(); track name) {
          <li>
            <span class="rp-mono">{{ name }}</span>
            <button type="button" [attr.aria-label]="'Remove ' + name" (click)="toggle(name)">
              ×
            </button>
          </li>
        }
      </ul>
      <div class="options">
        @for (name of shown(); track name) {
          <label>
            <input type="checkbox" [checked]="isChosen(name)" (change)="toggle(name)" />
            <span class="rp-mono">{{ name }}</span>
          </label>
        } @empty {
          <p class="rp-muted">{{ options().length ? 'Nothing matches.' : emptyText() }}</p>
        }
        @if (hidden() > 0) {
          <p class="rp-muted">{{ hidden() }} more: narrow the filter.</p>
        }
      </div>
    </fieldset>
  `,
  styles: `
    fieldset {
      border: 1px solid var(--rp-border);
      border-radius: var(--rp-radius-sm);
      padding: var(--rp-space-3);
    }
    .row {
      display: flex;
      gap: var(--rp-space-2);
    }
    .row input {
      flex: 1;
    }
    .chosen {
      display: flex;
      flex-wrap: wrap;
      gap: var(--rp-space-1);
      padding: 0;
      list-style: none;
    }
    .chosen li {
      padding: 0 var(--rp-space-2);
      border-radius: var(--rp-radius-sm);
      background: var(--rp-accent-soft);
    }
    .chosen button {
      border: 0;
      background: transparent;
      cursor: pointer;
    }
    .options {
      max-height: 220px;
      overflow-y: auto;
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(200px, 1fr));
    }
  `,
})
export class ObjectPicker {
  readonly kind = input.required<string>();
  readonly label = input.required<string>();
  readonly placeholder = input('');
  readonly emptyText = input('The catalog lists none: type a name and press Add.');
  readonly options = input<string[]>([]);
  readonly selected = input<string[]>([]);
  readonly selectedChange = output<string[]>();

  protected readonly filter = signal('');
  private readonly matching = computed(() => {
    const needle = this.filter().trim().toUpperCase();
    return this.options().filter((name) => name.toUpperCase().includes(needle));
  });
  protected readonly shown = computed(() => this.matching().slice(0, SHOWN_AT_MOST));
  protected readonly hidden = computed(() => this.matching().length - this.shown().length);

  protected isChosen(name: string): boolean {
    return this.selected().includes(name);
  }

  protected toggle(name: string): void {
    const selected = this.selected();
    this.selectedChange.emit(
      selected.includes(name) ? selected.filter((n) => n !== name) : [...selected, name],
    );
  }

  /** Adds the typed name as Oracle stores it (upper case), once. */
  protected add(): void {
    const name = this.filter().trim().toUpperCase();
    if (!name || this.isChosen(name)) return;

    this.selectedChange.emit([...this.selected(), name]);
    this.filter.set('');
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }
}
