/**
 * The look of the OASIS list archives (lists.oasis-open.org/archives/<list>/<YYYYMM>/): a banner on
 * every page, a one-line navigation bar at the top of each message page, a date index
 * `maillist.html` and a thread index `threads.html` per month, and a list home page linking the
 * months. The month pages come from MHonArc with the resource file below; the two home pages
 * MHonArc does not make are written here.
 *
 * Not changed from MHonArc's defaults, on purpose: the machine comments (`<!--X-Subject: …-->` and
 * the rest, which archive readers key on), message numbering from msg00000, and the conversion of
 * non-ASCII text to character references (so the pages are ASCII and declare no charset).
 */

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 'May 2015' for '201505'. */
export function monthLabel(month: string): string {
  const match = /^(\d{4})(\d{2})$/.exec(month);
  const name = match ? MONTH_NAMES[Number(match[2]) - 1] : undefined;
  if (!match || name === undefined) throw new Error(`not a YYYYMM month: ${month}`);
  return `${name} ${match[1] ?? ''}`;
}

/** HTML text with everything outside printable ASCII as character references. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']|[^\x20-\x7e]/gu, (char) => `&#${char.codePointAt(0) ?? 0};`);
}

/** The banner at the top of every page; `homeHref` leads to the archive root. */
export function bannerHtml(homeHref: string): string {
  return `<div class="banner"><a href="${homeHref}">OASIS-style Mailing List Archives</a> &middot; test fixture</div>`;
}

/** MHonArc expands `$NAME$` in resource text; a literal dollar is written `$$`. */
function rcText(text: string): string {
  return escapeHtml(text).replace(/\$/g, '$$$$');
}

export interface LayoutOptions {
  list: string;
  /** YYYYMM */
  month: string;
}

const DOCTYPE =
  '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN"\n' +
  '        "http://www.w3.org/TR/html4/loose.dtd">';

/** The MHonArc resource file (rc) for one list-month folder. */
export function oasisResourceFile({ list, month }: LayoutOptions): string {
  const heading = `${rcText(list)} - ${rcText(monthLabel(month))}`;
  // Pages live in <root>/<list>/<YYYYMM>/, so the archive root is two folders up.
  const banner = bannerHtml('../../');
  return `MHonArc resource file for ${list} ${month} (lines outside elements are ignored)

<IdxFname>
maillist.html
</IdxFname>
<TIdxFname>
threads.html
</TIdxFname>
<Main>
<Thread>
<Sort>
<TSort>
<NoMultiPg>
<IdxSize>
0
</IdxSize>
<PrintXComments>

Addresses shown with their domain masked, as the OASIS archives do.
<NoMailto>
<ModifyBodyAddresses>
<AddressModifyCode>
s|@(.+)$|'@'.('x' x length($1))|ge;
</AddressModifyCode>

Attachments go to msgNNNNN/<their own file name>, which keeps their URLs stable across rebuilds.
<MIMEArgs>
m2h_external::filter; inline subdir usename
</MIMEArgs>

<Title chop>
${heading}: Date Index
</Title>
<TTitle chop>
${heading}: Thread Index
</TTitle>

<IdxPgBegin>
${DOCTYPE}
<html>
<head>
<title>$IDXTITLE$</title>
</head>
<body>
${banner}
<h1>$IDXTITLE$</h1>
<div class="navigation">[<a href="$TIDXFNAME$">Thread Index</a>] | [<a href="../">List Home</a>]</div>
</IdxPgBegin>
<ListBegin>
<hr>
<ul>
</ListBegin>
<ListEnd>
</ul>
</ListEnd>
<IdxPgEnd>
<div class="navigation">[<a href="$TIDXFNAME$">Thread Index</a>] | [<a href="../">List Home</a>]</div>
</body>
</html>
</IdxPgEnd>

<TIdxPgBegin>
${DOCTYPE}
<html>
<head>
<title>$TIDXTITLE$</title>
</head>
<body>
${banner}
<h1>$TIDXTITLE$</h1>
<div class="navigation">[<a href="$IDXFNAME$">Date Index</a>] | [<a href="../">List Home</a>]</div>
</TIdxPgBegin>
<THead>
<hr>
<ul>
</THead>
<TFoot>
</ul>
</TFoot>
<TIdxPgEnd>
<div class="navigation">[<a href="$IDXFNAME$">Date Index</a>] | [<a href="../">List Home</a>]</div>
</body>
</html>
</TIdxPgEnd>

<MsgPgBegin>
${DOCTYPE}
<html>
<head>
<title>$SUBJECTNA$</title>
</head>
<body>
${banner}
</MsgPgBegin>

Top navigation: each item is a link when the message exists; the *IA variants are the inactive
forms used when it does not.
<PrevLink chop>
[<a href="$MSG(PREV)$">Date Prev</a>]
</PrevLink>
<PrevLinkIA chop>
[Date Prev]
</PrevLinkIA>
<TPrevLink chop>
[<a href="$MSG(TPREV)$">Thread Prev</a>]
</TPrevLink>
<TPrevLinkIA chop>
[Thread Prev]
</TPrevLinkIA>
<TNextLink chop>
[<a href="$MSG(TNEXT)$">Thread Next</a>]
</TNextLink>
<TNextLinkIA chop>
[Thread Next]
</TNextLinkIA>
<NextLink chop>
[<a href="$MSG(NEXT)$">Date Next</a>]
</NextLink>
<NextLinkIA chop>
[Date Next]
</NextLinkIA>
<TopLinks>
<div class="navigation">
$LINK(PREV)$ | $LINK(TPREV)$ | $LINK(TNEXT)$ | $LINK(NEXT)$ -- [<a href="$IDXFNAME$#$MSGNUM$">Date Index</a>] | [<a href="$TIDXFNAME$#$MSGNUM$">Thread Index</a>] | [<a href="../">List Home</a>]
</div>
</TopLinks>

Bottom navigation: the descriptive list with subjects. An inactive button must not be empty (MHonArc
would use its default text), so it is one blank line.
<PrevButton>
<li>Prev by Date:
<strong><a href="$MSG(PREV)$">$SUBJECT(PREV)$</a></strong>
</li>
</PrevButton>
<PrevButtonIA>

</PrevButtonIA>
<NextButton>
<li>Next by Date:
<strong><a href="$MSG(NEXT)$">$SUBJECT(NEXT)$</a></strong>
</li>
</NextButton>
<NextButtonIA>

</NextButtonIA>
<TPrevButton>
<li>Previous by thread:
<strong><a href="$MSG(TPREV)$">$SUBJECT(TPREV)$</a></strong>
</li>
</TPrevButton>
<TPrevButtonIA>

</TPrevButtonIA>
<TNextButton>
<li>Next by thread:
<strong><a href="$MSG(TNEXT)$">$SUBJECT(TNEXT)$</a></strong>
</li>
</TNextButton>
<TNextButtonIA>

</TNextButtonIA>
<BotLinks>
<hr>
<ul>
$BUTTON(PREV)$$BUTTON(NEXT)$$BUTTON(TPREV)$$BUTTON(TNEXT)$<li>Index(es):
<ul>
<li><a href="$IDXFNAME$#$MSGNUM$"><strong>Date</strong></a></li>
<li><a href="$TIDXFNAME$#$MSGNUM$"><strong>Thread</strong></a></li>
<li><a href="../"><strong>List Home</strong></a></li>
</ul>
</li>
</ul>
</BotLinks>
`;
}

export interface MonthSummary {
  /** YYYYMM */
  month: string;
  messages: number;
}

/** `<root>/<list>/index.html`: the list's months, newest first. */
export function listHomePage(list: string, months: readonly MonthSummary[]): string {
  const rows = [...months]
    .sort((a, b) => b.month.localeCompare(a.month))
    .map(
      ({ month, messages }) =>
        `<tr><td><a href="${month}/threads.html">${monthLabel(month)}</a></td>` +
        `<td><a href="${month}/maillist.html">date</a></td>` +
        `<td>${messages} message${messages === 1 ? '' : 's'}</td></tr>`,
    );
  const name = escapeHtml(list);
  return `<!DOCTYPE html>
<html>
<head>
<title>${name}</title>
</head>
<body>
${bannerHtml('../')}
<h1>${name}</h1>
<table class="months">
${rows.join('\n')}
</table>
</body>
</html>
`;
}

/** `<root>/index.html`: one link per list. */
export function archiveHomePage(lists: readonly string[]): string {
  const items = [...lists]
    .sort()
    .map((list) => `<li><a href="${escapeHtml(list)}/">${escapeHtml(list)}</a></li>`);
  return `<!DOCTYPE html>
<html>
<head>
<title>Mailing List Archives</title>
</head>
<body>
${bannerHtml('./')}
<h1>Mailing List Archives</h1>
<ul>
${items.join('\n')}
</ul>
</body>
</html>
`;
}
