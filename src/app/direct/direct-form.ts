import { ClipboardModule } from '@angular/cdk/clipboard';
import {
  ChangeDetectionStrategy,
  Component,
  OnInit,
  computed,
  input,
  output,
  signal,
} from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { DirectSettings, directSettingsProblem } from './direct-session';
import { brokerUrlProblem, topicFilterProblem } from './topic-filter';

/** Broker URL, topic filter and optional credentials; a shareable link without the password. */
@Component({
  selector: 'sb-direct-form',
  imports: [ClipboardModule, FormsModule, MatButtonModule, MatFormFieldModule, MatInputModule],
  templateUrl: './direct-form.html',
  styleUrl: './direct-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { role: 'region', 'aria-labelledby': 'direct-title' },
})
export class DirectForm implements OnInit {
  readonly initialUrl = input('');
  readonly initialTopic = input('');
  readonly isConnected = input(false);
  readonly connectRequested = output<DirectSettings>();
  readonly disconnectRequested = output<void>();

  protected readonly url = signal('');
  protected readonly topicFilter = signal('');
  protected readonly userName = signal('');
  protected readonly password = signal('');
  protected readonly isTouched = signal(false);
  protected readonly copied = signal(false);

  protected readonly urlProblem = computed(() => brokerUrlProblem(this.url().trim()));
  protected readonly topicProblem = computed(() => topicFilterProblem(this.topicFilter()));
  /** Mode, URL and topic only: a password never goes into a link. */
  protected readonly shareLink = computed(() => {
    const params = new URLSearchParams({
      mode: 'direct',
      url: this.url().trim(),
      topic: this.topicFilter(),
    });
    return `${location.origin}/?${params.toString()}`;
  });

  /** A shared link pre-fills the form once; after that the fields are the user's. */
  ngOnInit(): void {
    this.url.set(this.initialUrl());
    this.topicFilter.set(this.initialTopic());
  }

  protected connect(): void {
    this.isTouched.set(true);
    const settings: DirectSettings = {
      url: this.url().trim(),
      topicFilter: this.topicFilter(),
      userName: this.userName().trim(),
      password: this.password(),
    };
    if (directSettingsProblem(settings) === null) this.connectRequested.emit(settings);
  }
}
