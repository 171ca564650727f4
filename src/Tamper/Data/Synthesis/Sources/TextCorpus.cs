namespace Tamper.Data.Synthesis.Sources;

/// <summary>
/// Words and phrases for generated documents, in English and Simplified Chinese, plus generators for the
/// numbers, dates, names and amounts that certificates, receipts and forms are made of (the usual targets
/// of text forgery).
/// </summary>
public static class TextCorpus
{
    public static IReadOnlyList<string> EnglishWords { get; } =
    [
        "certificate", "award", "student", "university", "department", "name", "date", "amount", "total", "invoice",
        "receipt", "payment", "account", "number", "issued", "valid", "until", "signature", "director", "office",
        "license", "registration", "address", "phone", "email", "order", "item", "price", "quantity", "tax",
        "balance", "bank", "transfer", "report", "result", "score", "grade", "course", "degree", "bachelor",
        "master", "science", "engineering", "chapter", "section", "the", "of", "and", "for", "with", "this",
        "that", "is", "was", "has", "been", "by", "on", "in", "to", "from", "at", "as", "an", "be", "are",
        "completed", "approved", "official", "record", "customer", "service", "delivery", "shipping", "reference",
        "identity", "card", "holder", "member", "company", "limited", "annual", "meeting", "notice", "contract",
        "agreement", "party", "terms", "conditions", "page", "volume", "edition", "press", "novel", "story",
        "message", "today", "tomorrow", "thanks", "please", "confirm", "received", "sent", "photo", "transfer",
    ];

    public static IReadOnlyList<string> ChineseWords { get; } =
    [
        "证书", "荣誉", "学生", "大学", "学院", "姓名", "日期", "金额", "合计", "发票", "收据", "付款", "账户", "编号",
        "签发", "有效期", "签名", "主任", "办公室", "执照", "注册", "地址", "电话", "邮箱", "订单", "商品", "单价",
        "数量", "税额", "余额", "银行", "转账", "报告", "成绩", "课程", "学位", "学士", "硕士", "工程", "科学", "第一章",
        "特此证明", "兹证明", "同学", "在", "年度", "表现优秀", "被评为", "优秀学生", "奖学金", "获得", "一等奖",
        "二等奖", "公司", "有限公司", "合同", "协议", "甲方", "乙方", "条款", "身份证", "号码", "会员", "客户", "服务",
        "快递", "发货", "备注", "已收到", "谢谢", "好的", "明天", "今天", "确认", "照片", "转账成功", "微信", "支付宝",
        "人民币", "元", "共计", "打印", "复印", "盖章", "有效", "截止", "出版社", "小说", "作者", "第二版", "目录",
    ];

    public static IReadOnlyList<string> EnglishNames { get; } =
        ["Alice Chen", "Brian Li", "Carol Wang", "David Zhang", "Emma Liu", "Frank Yang", "Grace Zhao", "Henry Wu", "Irene Xu", "Jack Sun"];

    public static IReadOnlyList<string> ChineseNames { get; } =
        ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄敏", "周杰", "吴婷", "徐明", "孙丽"];

    /// <summary>A word, number, date, amount or name, as documents mix them.</summary>
    public static string Token(SynthRandom random, bool chinese) => random.Int(0, 9) switch
    {
        0 => random.Int(1000, 99999999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => $"{random.Int(1998, 2026)}-{random.Int(1, 12):00}-{random.Int(1, 28):00}",
        2 => chinese ? $"¥{random.Int(1, 99999)}.{random.Int(0, 99):00}" : $"${random.Int(1, 99999)}.{random.Int(0, 99):00}",
        3 => random.Pick(chinese ? ChineseNames : EnglishNames),
        _ => random.Pick(chinese ? ChineseWords : EnglishWords),
    };

    /// <summary>A line of tokens, joined as the script wants (spaces for English, none for Chinese).</summary>
    public static string Line(SynthRandom random, bool chinese, int tokens) =>
        string.Join(chinese ? "" : " ", Enumerable.Range(0, tokens).Select(_ => Token(random, chinese)));
}
