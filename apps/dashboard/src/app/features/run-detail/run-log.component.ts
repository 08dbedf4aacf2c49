import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  input,
  viewChild,
} from '@angular/core';
import type { LogLine } from '@rampart/contracts';

const STICK_DISTANCE_PX = 40;

/**
 * The run's output, one line per row, following the end while the reader is at the bottom.
 * TODO: virtual scrolling for logs of many thousand lines.
 */
@Component({
  selector: 'rp-run-log',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div
      #view
      class="log"
      role="log"
      aria-label="Run output"
      tabindex="0"
      data-testid="run-log"
      (scroll)="onScroll()"
    >
      @for (line of lines(); track line.seq) {
        <div class="line" [class]="'line ' + line.stream" [attr.data-seq]="line.seq">
          <span class="ts">{{ time(line.ts) }}</span><span class="text">{{ line.text }}</span>
        </div>
      } @empty {
        <div class="waiting">{{ emptyText() }}</div>
      }
    </div>
  `,
  styleUrl: './run-log.component.css',
})
export class RunLog {
  readonly lines = input.required<LogLine[]>();
  readonly emptyText = input('No output yet.');

  private readonly view = viewChild.required<ElementRef<HTMLElement>>('view');
  private stickToEnd = true;

  constructor() {
    afterRenderEffect(() => {
      this.lines();

      const element = this.view().nativeElement;

      if (this.stickToEnd) {
        element.scrollTop = element.scrollHeight;
      }
    });
  }

  protected onScroll(): void {
    const element = this.view().nativeElement;
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight;

    this.stickToEnd = distance < STICK_DISTANCE_PX;
  }

  protected time(ts: string): string {
    const date = new Date(ts);

    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString(undefined, TIME);
  }
}

const TIME: Intl.DateTimeFormatOptions = { hour12: false };
