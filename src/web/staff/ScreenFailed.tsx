/** A screen that fails to draw says so and offers to try again, instead of taking the workspace down. */
import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export class ScreenFailed extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <Failed retry={() => this.setState({ failed: false })} /> : this.props.children;
  }
}

function Failed({ retry }: { retry: () => void }) {
  const { t: s } = useTranslation('staff');
  return (
    <div className="error" role="alert">
      {s('states.screenFailed')}{' '}
      <button type="button" onClick={retry}>
        {s('states.retry')}
      </button>
    </div>
  );
}
