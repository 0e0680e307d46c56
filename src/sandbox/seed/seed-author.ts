/** The member recorded in `_info.enteredBy` of seeded rows, as if the API member had created them. */
export const seedAuthor = 'cwsync';
