"""Texts of sign-in, first start and password changes."""

TEXT = {
    "auth.failed": (
        "登录名或密码不对，或该账号暂时不能登录。连续失败多次后需等待一段时间再试。",
        "Wrong login name or password, or the account cannot sign in now. After several failures "
        "in a row, wait a while before trying again.",
    ),
    "auth.too_short": ("密码太短", "the password is too short"),
    "auth.mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "auth.login_needed": ("请填写登录名", "a login name is needed"),
    "auth.not_first": ("已经有账号了：请登录。", "There are accounts already: sign in."),
    "auth.wrong_password": ("当前密码不对", "the current password is wrong"),
    "auth.same_password": ("新密码不能与当前密码相同", "the new password must differ from the current one"),
    "table.users": ("账号", "accounts"),
    "table.sign_ins": ("登录记录", "sign-ins"),
    "table.account_settings": ("账号设置", "account settings"),
}
