/** The reference for time to first response: a Worker that does nothing. */
export default {
  fetch(): Response {
    return new Response('ok')
  },
}
