Session ID          : [0-9]+
=====
Status              : UP-ACTIVE
IKE Count           : 1
Child Count         : 1
IKE SA ID           : [0-9]+
-----
Local               : 198\.51\.100\.5/500
Remote              : 198\.51\.100\.21/500
Status\(Description\) : READY \(Negotiation done\)
Role                : (Initiator|Responder)
Child SA
-----
Local Selector      : 0\.0\.0\.0/0 - 255\.255\.255\.255/65535
Remote Selector     : 0\.0\.0\.0/0 - 255\.255\.255\.255/65535
ESP SPI IN/OUT      : 0x[0-9a-f]{8} / 0x[0-9a-f]{8}
