/**
 * The navbar's sidebar on narrow screens, rendered the first time a reader opens it. Docusaurus
 * renders it (the navbar's links and the docs sidebar, about 130 components) as soon as a page
 * has hydrated and learnt that the screen is narrow, whether or not anyone opens it: a second
 * render of the navbar straight after hydration, the longest task after it on a throttled phone
 * (`npm run bench:trace -- <page> --profile mobile` lists it among the React commits). Once
 * opened it stays rendered, so closing and reopening behave as in Docusaurus; custom.css lets the
 * first opening slide in like the later ones.
 */
import React, { useState, type ReactNode } from 'react';
import { useNavbarMobileSidebar } from '@docusaurus/theme-common/internal';
import NavbarMobileSidebar from '@theme-original/Navbar/MobileSidebar';

export default function NavbarMobileSidebarOnceOpened(): ReactNode {
  const { shown } = useNavbarMobileSidebar();
  const [opened, setOpened] = useState(shown);
  // Derived from a change seen while rendering, as React's docs advise instead of an effect: the
  // sidebar renders in the same commit as the navbar's "shown" class.
  if (shown && !opened) setOpened(true);
  return opened || shown ? <NavbarMobileSidebar /> : null;
}
