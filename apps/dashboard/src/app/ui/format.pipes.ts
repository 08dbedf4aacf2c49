import { Pipe, PipeTransform } from '@angular/core';

import { formatAge, formatBytes, formatDateTime, formatDuration } from './format';

@Pipe({ name: 'bytes' })
export class BytesPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatBytes(value);
  }
}

@Pipe({ name: 'duration' })
export class DurationPipe implements PipeTransform {
  transform(value: number | null | undefined): string {
    return formatDuration(value);
  }
}

@Pipe({ name: 'dateTime' })
export class DateTimePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatDateTime(value);
  }
}

/** Pure, so the age is as of the last change of the value. TODO: tick once a minute. */
@Pipe({ name: 'age' })
export class AgePipe implements PipeTransform {
  transform(value: string | null | undefined): string {
    return formatAge(value);
  }
}
