import i18next from 'i18next';
import { Component, ReactNode } from 'react';

/**
 * A screen that fails to load or draw (its code replaced by a new release while the tab stayed
 * open, say) says so and offers a reload: never a blank page.
 */
export class ScreenBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="problem" role="alert">
        <p>{i18next.t('shell:screenFailed')}</p>
        <button onClick={() => window.location.reload()}>{i18next.t('shell:reload')}</button>
      </div>
    );
  }
}
