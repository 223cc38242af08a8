/*
 * title.h: an event's title and description, made as the seed pages
 * make them (etwcat.1, SITE, "Every source merged"), for the site's
 * pages and its search index.
 *
 * Title, the first of these that gives one:
 *
 *   1. the event message's first sentence (its first line, up to the
 *      first ". ", "! " or "? "), each insert %N replaced by the N-th
 *      field's name, white space collapsed, and ended with "." when
 *      the message goes on after it or has inserts ("TCPv4: size bytes
 *      transmitted from saddr:sport to daddr:dport.", "SMB Session
 *      Authentication Failure.", but "SMB2 Request Negotiate"); over
 *      150 characters, cut to 147 and "...";
 *   2. a MOF class's description;
 *   3. the task's and opcode's display texts (or names) run together,
 *      the default opcode Info left out ("SockCreateStart");
 *   4. the TSV event name or symbol without the noise TraceEvent adds:
 *      a "_V2" version suffix, a "task_0" prefix for a task with no
 *      name, and the event id appended to it ("Smb2RequestNegotiate1_V2"
 *      is "Smb2RequestNegotiate", "task_04624_V3" gives nothing).
 *
 * Description: the message's whole first line, inserts named, white
 * space collapsed, always ended with "." (a trailing ":" replaced), where
 * there is a message, else a MOF class's description.  The seed pages'
 * Description lines are made so: seed 001 gives SMBServer 1024's as
 * "SMB2 and SMB3 have been disabled on this server. This results in
 * reduced functionality and performance." (its title is the first
 * sentence), 3011's "... listener rule entry settings:" as "...
 * settings.", and seed 000 Hyper-V-VSmb 206's as its one line of three
 * sentences.
 */
#ifndef ECAT_TITLE_H
#define ECAT_TITLE_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "model.h"

/* What a title is made from; any member may be NULL. */
struct ecat_titlein {
	const char		*message;	/* the event message */
	const struct ecat_shape	*shape;		/* its fields, for %N */
	const char		*task;		/* display text, else name */
	const char		*opcode;	/* display text, else name */
	const char		*mof_desc;	/* MOF class description */
	const char		*name;		/* TSV event name, else symbol */
	uint32_t		 id;		/* event id */
};

#define ECAT_TITLE_MAX	150	/* characters, "..." included */

/*
 * Append the title to out (made a string).  Returns the bytes appended;
 * 0: nothing gives a title.
 */
size_t	 ecat_title(struct ecat_buf *out, const struct ecat_titlein *);

/*
 * Append the description (the message's first line, inserts named,
 * ended with ".") to out.  Returns the bytes appended; 0: no message
 * and no MOF description.
 */
size_t	 ecat_description(struct ecat_buf *out, const struct ecat_titlein *);

/*
 * Append name without TraceEvent's noise (rule 4 above).  Returns the
 * bytes appended; 0: nothing is left.
 */
size_t	 ecat_title_symbol(struct ecat_buf *out, const char *name,
	    uint32_t id);

#endif /* !ECAT_TITLE_H */
