/// Word lists the generated tickets are assembled from.
///
/// Kept as plain arrays of literals so that generating a ticket is a handful of array reads
/// and string concatenations.
enum TextPools {
    static let departments = [
        "Technical Support", "Billing", "Sales", "Abuse", "Domains", "General Enquiries",
    ]
    /// Relative share of tickets per department, in the order above.
    static let departmentWeights: [Double] = [40, 20, 12, 6, 10, 12]

    static let admins = [
        "Alice Morgan", "Ben Carter", "Chloé Dubois", "Daniel Kim", "Emma Schultz",
        "Farid Haddad", "Grace O'Connor", "Hiro Tanaka", "Isabel Ruiz", "Jonas Berg",
    ]
    /// Some admins answer far more tickets than others.
    static let adminWeights: [Double] = [18, 14, 12, 11, 10, 9, 8, 7, 6, 5]

    static let firstNames = [
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
        "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
        "Charles", "Karen", "Lars", "Ingrid", "Pierre", "Amélie", "Giulia", "Marco", "Sofía", "Mateo",
        "Aisha", "Omar", "Wei", "Mei", "Yuki", "Kenji", "Priya", "Arjun", "Olga", "Dmitri", "Zanele",
        "Kwame", "Fatima", "Youssef", "Hannah", "Lukas", "Emilia", "Noah", "Chloe", "Liam", "Ava",
        "Ethan", "Cynthia", "Björn", "Siobhán", "Tomás", "Anh", "Minh", "Leilani", "Mateus", "Ana",
        "Jörg",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Taylor", "Moore", "Jackson", "Martin",
        "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King",
        "Müller", "Schmidt", "Schneider", "Fischer", "Dubois", "Lefèvre", "Rossi", "Russo", "Nielsen",
        "Andersson", "Kowalski", "Nowak", "Novák", "Ivanova", "Petrov", "Yilmaz", "Kaya", "Nguyen",
        "Tran", "Chen", "Wang", "Sato", "Suzuki", "Patel", "Sharma", "Okafor", "Mensah", "Reilly",
        "O'Brien", "MacLeod", "van der Berg", "da Silva",
    ]
    static let emailDomains = [
        "gmail.com", "outlook.com", "yahoo.com", "hotmail.com", "icloud.com", "proton.me",
        "gmx.de", "web.de", "orange.fr", "libero.it", "example-shop.com", "acme-corp.net",
        "bluewidget.io", "northwind.co.uk", "contoso.com",
    ]
    static let siteWords = [
        "shop", "studio", "bakery", "photo", "garden", "design", "travel", "law", "dental", "auto",
        "consulting", "media", "books", "fitness", "cafe", "tech", "wines", "yoga", "crafts", "pets",
    ]
    static let tlds = ["com", "net", "org", "de", "co.uk", "fr", "io", "eu", "nl", "shop"]

    /// Subject templates per department; `{domain}`, `{n}` and `{amount}` are filled in.
    static let subjects: [[String]] = [
        [
            "Website down on {domain}", "Cannot send email from {domain}",
            "500 Internal Server Error after update", "SSL certificate not renewing for {domain}",
            "cPanel login not working", "Very slow database queries", "FTP connection refused",
            "WordPress white screen on {domain}", "Emails going to spam", "Disk quota exceeded",
            "Cron job not running", "PHP version upgrade request", "Backup restore needed for {domain}",
            "Mailbox full, cannot receive", "Site hacked? Strange redirects on {domain}",
        ],
        [
            "Invoice #{n} paid twice", "Refund request for invoice #{n}", "Update credit card details",
            "Why was I charged {amount}?", "Cancel my hosting plan", "VAT number on invoices",
            "Payment failed but money left my account", "Change billing cycle to yearly",
            "Overdue notice but I already paid", "Request a copy of invoice #{n}",
        ],
        [
            "Question about VPS plans", "Upgrade to Business hosting", "Bulk discount for {n} domains?",
            "Do you offer managed WordPress?", "Reseller account enquiry", "Dedicated server pricing",
            "Migration from another host", "Trial period available?",
        ],
        [
            "Spam originating from your network", "Phishing site hosted at {domain}",
            "DMCA notice for {domain}", "Brute force attempts from your IP range",
            "Malware reported on {domain}", "Abuse complaint reference #{n}",
        ],
        [
            "Transfer {domain} to another registrar", "EPP code for {domain}",
            "DNS not propagating for {domain}", "Renew {domain}", "Domain {domain} expired",
            "Change nameservers for {domain}", "WHOIS privacy for {domain}", "Register {domain}",
        ],
        [
            "Office hours over the holidays?", "Change of account owner", "GDPR data request",
            "Feedback about your service", "How do I close my account?", "Partnership proposal",
            "Question about your terms of service", "Lost access to my account email",
        ],
    ]

    /// Opening-message bodies per department.
    static let openingLines: [[String]] = [
        [
            "Since this morning our website shows an error and customers cannot reach it.",
            "I cannot send any email; Outlook says the server rejected the connection.",
            "After updating the plugins the site only shows a blank page.",
            "The SSL certificate expired yesterday and browsers now show a warning.",
            "Pages take more than ten seconds to load since last week.",
            "I restored a backup but the database seems to be empty.",
        ],
        [
            "I was charged twice this month for the same plan. Please refund one of the payments.",
            "Could you send me a corrected invoice with our company VAT number?",
            "My card expired and I would like to update the payment details.",
            "I cancelled last month but still received an invoice.",
        ],
        [
            "We are looking to move about 20 sites to you and would like a quote.",
            "What are the differences between the Business and the Pro plans?",
            "Do you include free migration when we upgrade?",
        ],
        [
            "We received spam from one of your IP addresses; headers attached below.",
            "A phishing page imitating our bank login is hosted on your servers.",
            "Please take down content that infringes our copyright.",
        ],
        [
            "I need the EPP code to transfer my domain.",
            "I changed the nameservers two days ago but the site still points to the old host.",
            "My domain expired while I was on holiday. Can it still be renewed?",
        ],
        [
            "Could you tell me who I should contact about this?",
            "I would like to transfer the account to my business partner.",
            "Please send me a copy of all personal data you hold about me.",
        ],
    ]

    static let adminLines = [
        "Thank you for contacting us. I have looked into this and fixed the configuration on our side.",
        "Could you please send us the exact error message and the time it happened?",
        "I have escalated this to our second-line team; we will update you shortly.",
        "This was caused by a temporary issue on the server, which has now been resolved.",
        "I have processed the refund; it should appear on your statement within 5 working days.",
        "Please clear your browser cache and try again, then let us know the result.",
        "I have attached the requested document to this ticket.",
        "We have applied the change. DNS updates can take up to 24 hours to propagate.",
        "Could you confirm the domain name and the email address on the account?",
        "I have reset the password and sent the new login details to the account email.",
    ]

    static let customerLines = [
        "Thanks, that fixed it!", "It is still not working, the same error appears.",
        "Any update on this? It is urgent for us.", "Here is the screenshot you asked for.",
        "I tried that but nothing changed.", "Great, thank you for the quick help.",
        "The error message is: connection timed out.", "Could you also check the second site?",
    ]

    static let noteLines = [
        "Customer called by phone, waiting for logs.", "Checked server load: normal.",
        "Escalated to sysadmin on call.", "Possible duplicate of an earlier ticket.",
        "Refund approved by finance.", "VIP customer, handle with priority.",
        "Waiting for the registrar to respond.", "Do not close before the migration is finished.",
    ]
}

/// Payloads for `--hostile`: everything that has broken a spreadsheet, a web page or a database.
enum HostilePools {
    static let script = "<script>alert(1)</script>"

    static let payloads = [
        script,
        "<img src=x onerror=alert(1)>",
        "&amp;lt;b&amp;gt; &lt;i&gt; &quot;quoted&quot; &#39;",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "-2+3",
        "'; DROP TABLE tickets; --",
        "Robert'); DROP TABLE replies;--",
        "\u{202E}gnp.exe",
        "Émoji 🎫🔥👩🏽‍💻 🇪🇺",
        "NUL\u{0000}byte",
        "bell\u{0007} escape\u{001B}[31mred\u{001B}[0m",
        "tab\tnew\nline\r\nCRLF",
        "back\\slash \"quote\" /slash/",
        "</textarea></title></style><svg onload=alert(1)>",
        "{{7*7}} ${7*7} <%= 7*7 %>",
        "\u{FEFF}BOM and zero\u{200B}width",
        "\u{2028}line\u{2029}separators",
    ]

    static let departments = [
        "Technical Support",
        "=HYPERLINK(\"http://evil\",\"x\")",
        "Sales/EU [old]*",
        "Abuse <img src=x onerror=alert(1)>",
        String(("Domains and DNS " + String(repeating: "very long department name ", count: 12)).prefix(300)),
        "General \u{202E}Enquiries 🎫",
    ]

    static let admins = [
        "Alice Morgan", script, "@SUM(1+1)", "Robert'); DROP TABLE tickets; --", "Zoë 🦄 Ng",
        "-2+3", "Nul\u{0000}Byte Admin", "Bell\u{0007}Esc\u{001B}[31mRed", "&amp;lt;Entity&amp;gt;",
        "+cmd|' /C calc'!A0",
    ]

    static let names = [
        script, "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1+1)",
        "-2+3", "O'Brien'; DROP TABLE tickets; --", "\u{202E}Mallory", "Zoë 🦄 Ng",
        "Nul\u{0000}Name", "&amp;lt;Eve&amp;gt;",
    ]

    static let emails = [
        "\"<script>alert(1)</script>\"@evil.example", "=HYPERLINK(\"http://evil\",\"x\")@evil.example",
        "-2+3@example.net", "zoë.🦄@exämple.de", "nul\u{0000}byte@example.org",
        "o'brien+<img src=x onerror=alert(1)>@example.com",
    ]
}
