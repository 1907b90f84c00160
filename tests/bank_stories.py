"""Short stories of the story-bank tests' own (none bundled); conftest's ``stories`` writes them."""

from __future__ import annotations

from pathlib import Path

AMAZON = [
    "Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot",
    "Learn and Be Curious", "Hire and Develop the Best", "Insist on the Highest Standards",
    "Think Big", "Bias for Action", "Frugality", "Earn Trust", "Dive Deep",
    "Have Backbone; Disagree and Commit", "Deliver Results", "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
]  # fmt: skip
# A shipped example of the short form: the README shows it.
BILLING = (
    Path(__file__).resolve().parents[1] / "docs" / "examples" / "billing-cutover.yaml"
).read_text(encoding="utf-8")
MENTOR = """\
id: mentoring-new-hire
question: Describe how you helped someone on your team grow
principles: [hire and develop the best, Earn Trust]
steps:
  situation:
    example: >-
      A new hire on my team, Zoë, was stuck on her first on-call week.
      She had paged me twice before noon.
  task: {example: "I was her onboarding buddy."}
  action: {example: "I paired with her on two incidents and wrote the runbook she lacked."}
  result: {example: "She led the next incident alone a month later."}
  reflection: {example: "Teaching beats fixing."}
"""
SIDE = """\
id: side-project
question: Tell me about something you built in your own time
principles: [Curiosity]
questions:
  - What are you most proud of building?
steps:
  situation: {example: "I wanted a faster way to search my notes."}
  task: {example: "Nobody asked me to."}
  action: {example: "I wrote a small indexer."}
  result: {example: "I use it every day."}
  reflection: {example: "Small tools compound."}
"""
BILLING_QUESTION = "Tell me about a time you had to act without all the data you wanted"
