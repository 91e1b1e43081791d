/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Minimal intrusive circular doubly linked list.
 *
 * Embed a struct list_node in each element and a struct list_head in the
 * owner; the macros recover the element from its node with container_of.
 */
#ifndef CCAN_LIST_H
#define CCAN_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list_node {
	struct list_node *next, *prev;
};

struct list_head {
	struct list_node n;
};

#ifndef container_of
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define LIST_HEAD_INIT(name) { { &(name).n, &(name).n } }

static inline void list_head_init(struct list_head *h)
{
	h->n.next = h->n.prev = &h->n;
}

static inline void list_node_init(struct list_node *n)
{
	n->next = n->prev = n;
}

static inline bool list_empty(const struct list_head *h)
{
	return h->n.next == &h->n;
}

static inline void list_insert_between(struct list_node *n,
		struct list_node *prev, struct list_node *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

/* Insert @n first in @h. */
static inline void list_add(struct list_head *h, struct list_node *n)
{
	list_insert_between(n, &h->n, h->n.next);
}

/* Insert @n last in @h. */
static inline void list_add_tail(struct list_head *h, struct list_node *n)
{
	list_insert_between(n, h->n.prev, &h->n);
}

/* Unlink @n; it points at itself afterwards, so a second del is harmless. */
static inline void list_del(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	list_node_init(n);
}

static inline void list_del_from(struct list_head *h, struct list_node *n)
{
	(void)h;
	list_del(n);
}

#define list_entry(node, type, member) container_of(node, type, member)

/* First / last element of @h, or NULL if empty. */
#define list_top(h, type, member) \
	(list_empty(h) ? NULL : list_entry((h)->n.next, type, member))
#define list_tail(h, type, member) \
	(list_empty(h) ? NULL : list_entry((h)->n.prev, type, member))

/* Element after / before @elem in @h, or NULL at the end. */
#define list_next(h, elem, member) \
	((elem)->member.next == &(h)->n ? NULL : \
	 list_entry((elem)->member.next, __typeof__(*(elem)), member))
#define list_prev(h, elem, member) \
	((elem)->member.prev == &(h)->n ? NULL : \
	 list_entry((elem)->member.prev, __typeof__(*(elem)), member))

#define list_for_each(h, elem, member) \
	for (elem = list_entry((h)->n.next, __typeof__(*(elem)), member); \
	     &(elem)->member != &(h)->n; \
	     elem = list_entry((elem)->member.next, __typeof__(*(elem)), member))

/* Like list_for_each, but @elem may be removed inside the loop. */
#define list_for_each_safe(h, elem, nxt, member) \
	for (elem = list_entry((h)->n.next, __typeof__(*(elem)), member), \
	     nxt = list_entry((elem)->member.next, __typeof__(*(elem)), member); \
	     &(elem)->member != &(h)->n; \
	     elem = nxt, \
	     nxt = list_entry((nxt)->member.next, __typeof__(*(elem)), member))

#endif /* CCAN_LIST_H */
