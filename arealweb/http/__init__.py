"""The HTTP plumbing the API and the pages share: who is asking, who may do what, the store
of the running app, the rate limits, uploaded files and the language of the answer."""
