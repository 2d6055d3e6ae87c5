IKEv2 Session Summary
-----
Total Sa \(Active/Negotiation\)          : 1 \(1/0\)
Total Outgoing Sa \(Active/Negotiation\) : [01] \([01]/0\)
Total Incoming Sa \(Active/Negotiation\) : [01] \([01]/0\)
