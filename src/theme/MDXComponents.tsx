import MDXComponents from '@theme-original/MDXComponents';
import ServerRendered from '@site/src/components/ServerRendered';

/**
 * Docusaurus's MDX components plus `ServerRendered`, which src/remark/server-rendered wraps
 * around the static blocks of every page (it is not imported by the pages themselves).
 */
export default { ...MDXComponents, ServerRendered };
