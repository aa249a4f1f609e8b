"""What a record is and the legal rules DPO Desk applies: plain Python, no Qt, no SQL."""
